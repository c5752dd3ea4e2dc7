//! The pages' language: a client reads their account's language until they choose another; the
//! choice is remembered for the user and carried in the language cookie; anything but a
//! shipped language is refused and changes nothing.

use axum::http::{StatusCode, header};

use crate::support::{TestApp, call, page, sign_in};

/// The value of the language cookie a reply sets, if any.
fn language_cookie(r: &crate::support::Reply) -> Option<String> {
    r.headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix(&format!("{}=", api::auth::LANGUAGE_COOKIE)))
        .map(|c| c.split(';').next().unwrap_or_default().to_string())
}

async fn sign_in_reply(app: &TestApp, email: &str, password: &str) -> crate::support::Reply {
    call(
        &app.router,
        "/api/sign_in",
        &[("email", email), ("password", password)],
        None,
        &[],
    )
    .await
}

#[tokio::test]
async fn a_client_reads_their_accounts_language_until_they_choose() {
    let app = TestApp::spawn().await;
    // Acme's locale is de-DE.
    let first = sign_in_reply(&app, "client@acme.example", "demo-client-2026").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(language_cookie(&first).as_deref(), Some("de"));
    assert!(first.body.contains("\"language\":\"de\""), "{}", first.body);

    let cookie = sign_in(&app.router, "client@acme.example", "demo-client-2026").await;
    let chosen = call(
        &app.router,
        "/api/set_language",
        &[("language", "sl")],
        Some(&cookie),
        &[],
    )
    .await;
    assert_eq!(chosen.status, StatusCode::OK, "{}", chosen.body);
    assert_eq!(language_cookie(&chosen).as_deref(), Some("sl"));

    // Remembered for the user: the next sign-in, anywhere, is in Slovenian.
    let again = sign_in_reply(&app, "client@acme.example", "demo-client-2026").await;
    assert_eq!(language_cookie(&again).as_deref(), Some("sl"));
}

#[tokio::test]
async fn staff_without_a_choice_keep_the_browsers_language() {
    let app = TestApp::spawn().await;
    let r = sign_in_reply(&app, "admin@agency.example", "demo-admin-2026").await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(language_cookie(&r), None);
}

#[tokio::test]
async fn only_shipped_languages_are_accepted() {
    let app = TestApp::spawn().await;
    let cookie = sign_in(&app.router, "client@acme.example", "demo-client-2026").await;
    let before = app.state.db.table_counts().await.unwrap();
    for bad in ["fr", "", "de; Path=/evil", &"x".repeat(5000)] {
        let r = call(
            &app.router,
            "/api/set_language",
            &[("language", bad)],
            Some(&cookie),
            &[],
        )
        .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{bad}: {}",
            r.body
        );
        assert!(
            r.body.contains("pick English, Deutsch or Slovenščina"),
            "{}",
            r.body
        );
        assert_eq!(language_cookie(&r), None);
    }
    assert_eq!(app.state.db.table_counts().await.unwrap(), before);
    let users = app.state.db.users().await.unwrap();
    let acme = users
        .iter()
        .find(|u| u.email == "client@acme.example")
        .unwrap();
    assert_eq!(acme.language, None, "nothing was stored");
}

#[tokio::test]
async fn a_visitor_may_choose_and_the_page_comes_in_that_language() {
    let app = TestApp::spawn().await;
    let r = call(
        &app.router,
        "/api/set_language",
        &[("language", "de")],
        None,
        &[],
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let cookie = format!("{}=de", api::auth::LANGUAGE_COOKIE);
    let sign_in_page = page(&app.router, "/sign-in", Some(&cookie)).await;
    assert!(
        sign_in_page.body.contains("<html lang=\"de\""),
        "{}",
        &sign_in_page.body[..200]
    );
    let english = page(&app.router, "/sign-in", None).await;
    assert!(english.body.contains("<html lang=\"en\""));
}
