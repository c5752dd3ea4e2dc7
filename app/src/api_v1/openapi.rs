//! The OpenAPI 3.1 document of `/api/v1`, generated from the handlers' annotations and the
//! schema types (utoipa): what is documented is what the code answers.

use axum::response::IntoResponse;
use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};

use super::schema;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hourbank helpdesk API",
        version = "1",
        description = "Push completed work from a helpdesk into Hourbank and read balances. \
            Every call carries an integration token (Authorization: Bearer hbk_…) that an admin \
            creates on the integrations page. Writes are idempotent by Idempotency-Key and by \
            the work's external id."
    ),
    paths(
        super::list_accounts,
        super::balance,
        super::post_entry,
        super::get_entry,
        super::post_ticket,
    ),
    components(schemas(
        schema::NewEntry,
        schema::Entry,
        schema::EntryPart,
        schema::Kind,
        schema::Balance,
        schema::LotBalance,
        schema::MonthSoFar,
        schema::Prompt,
        schema::Account,
        schema::Problem,
        schema::FieldProblem,
        schema::TicketTimes,
        schema::Ticket,
    )),
    modifiers(&Token, &Links),
)]
pub struct Document;

/// The bearer token every operation takes.
struct Token;

impl utoipa::Modify for Token {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("hbk_ and 64 hex digits")
                    .build(),
            ),
        );
    }
}

/// What a logged entry's answer leads to: reading it back by its external id (clients and
/// schemathesis's stateful tests follow it).
struct Links;

impl utoipa::Modify for Links {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::RefOr;
        use utoipa::openapi::link::LinkBuilder;
        let created = openapi
            .paths
            .paths
            .get_mut("/api/v1/accounts/{account}/entries")
            .and_then(|item| item.post.as_mut())
            .and_then(|op| op.responses.responses.get_mut("201"));
        if let Some(RefOr::T(response)) = created {
            let read_back = LinkBuilder::new()
                .operation_id("get_entry")
                .parameter("account", "$request.path.account")
                .parameter("external_id", "$response.body#/external_id")
                .description("The entry just logged, read back by its external id")
                .build();
            response.links.insert("entry".into(), RefOr::T(read_back));
        }
    }
}

/// `GET /api/v1/openapi.json` (no token needed: it describes, it reveals nothing).
pub async fn document() -> axum::response::Response {
    axum::Json(json()).into_response()
}

/// The document as JSON. utoipa 5.5 writes a Link object's fields in snake case
/// (`operation_id`); OpenAPI names them in camel case, so they are renamed here.
pub fn json() -> serde_json::Value {
    let mut doc = serde_json::to_value(Document::openapi()).unwrap_or_default();
    let links = doc["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses")?.as_object_mut())
        .flat_map(|responses| responses.values_mut())
        .filter_map(|r| r.get_mut("links")?.as_object_mut())
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(v) = link.remove(snake) {
                link.insert(camel.to_string(), v);
            }
        }
    }
    doc
}
