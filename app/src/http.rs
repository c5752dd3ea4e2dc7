//! The HTTP stack every request goes through. `hourbank serve` and the integration tests build
//! it with the same [`router`], so what the tests check is what runs.
//!
//! Outermost first: security headers on every response (tower-http), a log span per request
//! (tower-http; the user and account are added once known), redirects only to this site,
//! cross-site POSTs refused, request bodies bounded (413), and server-function errors answered
//! with their own status.

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{Next, from_fn};
use axum::response::{IntoResponse, Response};
use leptos::nonce::use_nonce;
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use tower_http::compression::Predicate as _;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::errors::AppError;
use crate::state::AppState;
use crate::{App, shell};

/// The largest request body accepted: every form and call Hourbank has fits many times over
/// (a note is at most 2,000 characters; a new account's catalog a few kilobytes).
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// The whole application: pages, server functions, static files, and the layers above.
pub fn router(state: AppState, options: LeptosOptions) -> Router {
    let routes = generate_route_list(App);
    let csv_state = state.clone();
    let audit_state = state.clone();
    let sla_state = state.clone();
    let (lines_state, period_state, ubl_state) = (state.clone(), state.clone(), state.clone());
    let (pdf_state, period_lines_state) = (state.clone(), state.clone());
    let app = Router::new()
        .nest_service("/api/v1", crate::api_v1::router(state.clone()))
        .route(
            "/documents/{number}/lines.csv",
            axum::routing::get(move |path, headers| {
                crate::downloads::document_lines_csv(lines_state.clone(), path, headers)
            }),
        )
        .route(
            "/documents/{number}/pdf",
            axum::routing::get(move |path, headers| {
                crate::downloads::document_pdf(pdf_state.clone(), path, headers)
            }),
        )
        .route(
            "/documents/{number}/ubl.xml",
            axum::routing::get(move |path, headers| {
                crate::downloads::document_ubl(ubl_state.clone(), path, headers)
            }),
        )
        .route(
            "/documents/lines.csv",
            axum::routing::get(move |query, headers| {
                crate::downloads::period_lines_csv(period_lines_state.clone(), query, headers)
            }),
        )
        .route(
            "/documents.csv",
            axum::routing::get(move |query, headers| {
                crate::downloads::documents_csv(period_state.clone(), query, headers)
            }),
        )
        .route(
            "/service-levels.csv",
            axum::routing::get(move |query, headers| {
                crate::downloads::service_levels_csv(sla_state.clone(), query, headers)
            }),
        )
        .route(
            "/audit.csv",
            axum::routing::get(move |query, headers| {
                crate::downloads::audit_csv(audit_state.clone(), query, headers)
            }),
        )
        .route(
            "/accounts/{id}/work.csv",
            axum::routing::get(move |path, query, headers| {
                crate::downloads::work_log_csv(csv_state.clone(), path, query, headers)
            }),
        )
        .leptos_routes_with_context(
            &options,
            routes,
            {
                let state = state.clone();
                move || {
                    provide_context(state.clone());
                    // Called once per request: the caller and the account are read once per request.
                    provide_context(crate::server_fns::apply::RequestReads::default());
                }
            },
            {
                let options = options.clone();
                move || shell(options.clone())
            },
        )
        // The site's package (WASM, JavaScript, CSS): a precompressed copy when there is one
        // and the browser accepts it, and 304 for a file the browser already has.
        .nest_service(
            &format!("/{}", options.site_pkg_dir),
            tower_http::services::ServeDir::new(format!(
                "{}/{}",
                options.site_root, options.site_pkg_dir
            ))
            .precompressed_br()
            .precompressed_gzip(),
        )
        .fallback(leptos_axum::file_and_error_handler(shell))
        .layer(from_fn(status_from_app_error))
        .layer(from_fn(limit_body))
        .layer(from_fn(same_origin_only))
        .layer(from_fn(redirect_within_site))
        .layer(from_fn(revalidate_static_files))
        // Pages, JSON, scripts and styles compressed as the browser accepts (brotli or gzip),
        // quickly. Not the WASM: megabytes are compressed once, by `hourbank precompress`.
        .layer(
            tower_http::compression::CompressionLayer::new()
                .quality(tower_http::CompressionLevel::Precise(5))
                .compress_when(tower_http::compression::DefaultPredicate::new().and(
                    tower_http::compression::predicate::NotForContentType::const_new(
                        "application/wasm",
                    ),
                )),
        )
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .on_response(
                    tower_http::trace::DefaultOnResponse::new().level(tracing::Level::INFO),
                )
                .make_span_with(|req: &Request| {
                    // `user` and `account` are filled in by the authorization check (`allow`).
                    tracing::info_span!(
                        "request",
                        method = %req.method(),
                        path = %req.uri().path(),
                        user = tracing::field::Empty,
                        account = tracing::field::Empty,
                    )
                }),
        )
        .with_state(options);
    security_headers(app, https())
}

/// The site's static files (`/pkg/…`: the WASM, its JavaScript, the stylesheet). Built with
/// `hash-files` their names carry their content's hash, so a name's bytes never change: the
/// browser keeps them a year without asking (`immutable`). Other files under `/pkg/` (a build
/// without hashing) keep their names from build to build, so the browser asks again each time —
/// answered 304 when the file has not changed (`Last-Modified`) — rather than keep a stale copy.
async fn revalidate_static_files(req: Request, next: Next) -> Response {
    let path = req.uri().path();
    let policy = path.strip_prefix("/pkg/").map(|file| {
        if is_content_hashed(file) {
            "public, max-age=31536000, immutable"
        } else {
            "no-cache"
        }
    });
    let mut res = next.run(req).await;
    if let Some(policy) = policy
        && (res.status().is_success() || res.status() == StatusCode::NOT_MODIFIED)
    {
        res.headers_mut()
            .entry(header::CACHE_CONTROL)
            .or_insert(HeaderValue::from_static(policy));
    }
    res
}

/// A file name as cargo-leptos `hash-files` writes it: `stem.<hash>.ext`, the hash 22 characters
/// of unpadded base64url (an MD5 of the content).
pub fn is_content_hashed(file: &str) -> bool {
    let mut parts = file.rsplit('.');
    let (Some(_ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !stem.is_empty()
        && !file.contains('/')
        && hash.len() == 22
        && hash
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Served over https (behind a TLS proxy): `HOURBANK_SECURE_COOKIES=1`, which also marks the
/// session cookie `Secure`.
fn https() -> bool {
    std::env::var("HOURBANK_SECURE_COOKIES").is_ok_and(|v| v == "1")
}

/// The Content-Security-Policy of a page: scripts only from this site or inline with this
/// response's nonce (the hydration script), WebAssembly compiled from this site, nothing framed,
/// no plugins, forms posting only here.
pub fn page_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'{reload}; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        reload = reload_source()
    )
}

/// `cargo leptos watch` reloads pages over a websocket on its reload port.
fn reload_source() -> String {
    match (
        std::env::var("LEPTOS_WATCH").is_ok(),
        std::env::var("LEPTOS_RELOAD_PORT"),
    ) {
        (true, Ok(port)) => format!(" ws://127.0.0.1:{port} ws://localhost:{port}"),
        _ => String::new(),
    }
}

/// Set on every page by the shell, with the nonce Leptos put on its inline scripts.
pub fn set_page_policy() {
    if let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
        && let Ok(value) = HeaderValue::from_str(&page_policy(&nonce))
    {
        response.insert_header(header::CONTENT_SECURITY_POLICY, value);
    }
}

/// Headers every response carries (a page's own CSP, set by the shell, wins over the default,
/// which allows nothing: what is not a page runs no script).
fn security_headers(app: Router, https: bool) -> Router {
    let set = |name, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    let app = app
        .layer(set(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
        ))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        // Same-origin: a form posted without JavaScript is sent back to its page by the
        // Referer, which must therefore reach this site (and nothing else).
        .layer(set(header::REFERRER_POLICY, "same-origin"))
        .layer(set(
            header::HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ));
    if https {
        app.layer(set(
            header::STRICT_TRANSPORT_SECURITY,
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        app
    }
}

/// Bodies above [`MAX_BODY_BYTES`] are refused with 413 before anything reads them.
async fn limit_body(req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/v1/");
    let too_large = || {
        let e = AppError::TooLarge(format!("at most {} KiB", MAX_BODY_BYTES / 1024));
        if api {
            return crate::api_v1::answer(e);
        }
        let body = serde_json::to_string(&e).unwrap_or_default();
        (
            StatusCode::PAYLOAD_TOO_LARGE,
            [(header::CONTENT_TYPE, "application/json")],
            body,
        )
            .into_response()
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES) {
        return too_large();
    }
    let (parts, body) = req.into_parts();
    match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Err(_) => too_large(),
    }
}

/// A plain form post is redirected back to its `Referer` by the framework: only ever to a path
/// of this site. Any other target becomes the home page.
async fn redirect_within_site(req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let mut res = next.run(req).await;
    if let Some(value) = res.headers().get(header::LOCATION) {
        // A location that is not plain text leads nowhere safe: home.
        let location = value.to_str().unwrap_or("");
        let safe = local_path(location, host.as_deref()).unwrap_or_else(|| "/".to_string());
        if safe != location
            && let Ok(v) = HeaderValue::from_str(&safe)
        {
            res.headers_mut().insert(header::LOCATION, v);
        }
    }
    res
}

/// `location` as a path of this site (`host`), or None when it leads anywhere else.
pub fn local_path(location: &str, host: Option<&str>) -> Option<String> {
    let path = if location.starts_with('/') {
        location
    } else {
        let rest = location
            .strip_prefix("https://")
            .or_else(|| location.strip_prefix("http://"))?;
        let (authority, path) = rest.split_at(rest.find(['/', '?', '#']).unwrap_or(rest.len()));
        if Some(authority) != host {
            return None;
        }
        if path.starts_with('/') { path } else { "/" }
    };
    // "//evil.example" and "/\evil.example" are other sites to a browser.
    let second = path.as_bytes().get(1);
    if matches!(second, Some(b'/') | Some(b'\\')) || path.chars().any(char::is_control) {
        return None;
    }
    Some(path.to_string())
}

fn accepts_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"))
}

/// The one place every server function's error gets its HTTP status: a 500 whose body is an
/// `AppError` is answered with that error's status (the framework answers every error with 500).
pub async fn status_from_app_error(req: Request, next: Next) -> Response {
    let plain_form = accepts_html(req.headers());
    let res = next.run(req).await;
    if plain_form || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20)
        .await
        .unwrap_or_default();
    if let Ok(e) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status =
            StatusCode::from_u16(e.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Cross-site request protection for every state-changing request: besides SameSite
/// cookies, a POST whose `Origin` names another host than the one asked is refused.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    use axum::response::IntoResponse;
    if req.method() == axum::http::Method::POST {
        // HTTP/2 names the host in the URI's authority, HTTP/1.1 in `Host`.
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .or_else(|| req.uri().authority().map(|a| a.as_str()));
        let origin = req
            .headers()
            .get(header::ORIGIN)
            .map(|v| v.to_str().unwrap_or("?"));
        if let Some(origin) = origin {
            let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
            if Some(origin_host) != host {
                return (StatusCode::FORBIDDEN, "cross-site request refused").into_response();
            }
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn redirects_stay_on_this_site() {
        let host = Some("127.0.0.1:3000");
        assert_eq!(
            local_path("/accounts/acme?x=1", host).as_deref(),
            Some("/accounts/acme?x=1")
        );
        assert_eq!(
            local_path("http://127.0.0.1:3000/accounts/acme", host).as_deref(),
            Some("/accounts/acme")
        );
        assert_eq!(
            local_path("http://127.0.0.1:3000", host).as_deref(),
            Some("/")
        );
        for away in [
            "https://evil.example/phish",
            "http://127.0.0.1:3000.evil.example/",
            "//evil.example/x",
            "/\\evil.example",
            "javascript:alert(1)",
            "",
        ] {
            assert_eq!(local_path(away, host), None, "{away}");
        }
    }
}
