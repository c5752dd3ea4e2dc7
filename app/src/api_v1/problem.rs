//! The API's one error shape ([`Problem`]): the one error type's status, a code to branch on,
//! the reason in plain words, and each refused field.

use api::AppError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::schema::{FieldProblem, Problem};

/// A problem answer with `status`, code `error` and `message`.
pub fn problem(status: StatusCode, error: &str, message: &str) -> Response {
    respond(
        status,
        Problem {
            error: error.to_string(),
            message: message.to_string(),
            fields: Vec::new(),
        },
    )
}

/// The answer to an error of the service layer, with that error's status.
pub fn answer(e: AppError) -> Response {
    let status = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let fields = match &e {
        AppError::Invalid { errors, .. } => errors
            .iter()
            .map(|f| FieldProblem {
                field: f.field.clone(),
                message: f.message.clone(),
            })
            .collect(),
        _ => Vec::new(),
    };
    let message = match &e {
        AppError::Invalid { .. } => "some values were refused; see fields".to_string(),
        AppError::SubmissionReused => {
            "this Idempotency-Key was already used with another body".to_string()
        }
        other => other.to_string(),
    };
    respond(
        status,
        Problem {
            error: code(&e).to_string(),
            message,
            fields,
        },
    )
}

fn code(e: &AppError) -> &'static str {
    match e {
        AppError::Unauthorized => "unauthorized",
        AppError::Forbidden(_) => "forbidden",
        AppError::TooManyAttempts(_) => "too_many_requests",
        AppError::NotFound(_) | AppError::InvitationClosed => "not_found",
        AppError::Invalid { .. } => "invalid",
        AppError::Refused(_) => "refused",
        AppError::Conflict(_) | AppError::EmailInUse => "conflict",
        AppError::SubmissionReused => "idempotency_key_reused",
        AppError::BadRequest(_) => "bad_request",
        AppError::TooLarge(_) => "too_large",
        AppError::Server(_) => "server_error",
    }
}

fn respond(status: StatusCode, p: Problem) -> Response {
    let body = serde_json::to_string(&p).unwrap_or_default();
    (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}
