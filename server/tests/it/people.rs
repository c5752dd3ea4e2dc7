//! People and access over HTTP: an invitation's link works once and signs the new user in; a
//! deactivated user's session ends at once and they cannot sign in; a password change ends the
//! other sessions; every one of these leaves its line in the audit trail.

use axum::http::StatusCode;
use service::storage::DEMO_ACCOUNT_ID;

use crate::support::{TestApp, call, sign_in};

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn error(body: &str) -> api::AppError {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn audit_actions(app: &TestApp) -> Vec<String> {
    app.state
        .db
        .audit_log(None, 100)
        .await
        .unwrap()
        .into_iter()
        .map(|l| l.action)
        .collect()
}

#[tokio::test]
async fn an_invitation_link_signs_a_new_technician_in_once() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let invite = |email: &'static str, name: &'static str| {
        let admin = admin.clone();
        async move {
            call(
                router,
                "/api/invite_user",
                &[
                    ("email", email),
                    ("name", name),
                    ("role", "technician"),
                    ("account_id", DEMO_ACCOUNT_ID),
                ],
                Some(&admin),
                &[],
            )
            .await
        }
    };

    // Bad fields: every one named, nothing stored.
    let before = app.state.db.table_counts().await.unwrap();
    let bad = invite("not-an-email", " ").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    let api::AppError::Invalid { errors, .. } = error(&bad.body) else {
        panic!("{}", bad.body)
    };
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["email", "name"]);
    assert_eq!(app.state.db.table_counts().await.unwrap(), before);

    // An email that already signs in is not invited again.
    let taken = invite("dana@agency.example", "Dana Again").await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "{}", taken.body);
    assert_eq!(error(&taken.body), api::AppError::EmailInUse);

    let first = invite("Ines@Agency.example", "Ines Novak").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let first = json(&first.body);
    assert_eq!(first["invitation"]["email"], "ines@agency.example");
    // Sent again (a double click, a resend): the same invitation with a new link; the old
    // link stops working.
    let again = json(&invite("ines@agency.example", "Ines Novak").await.body);
    assert_eq!(again["invitation"]["id"], first["invitation"]["id"]);
    let token = |v: &serde_json::Value| {
        v["link"]
            .as_str()
            .unwrap()
            .rsplit('/')
            .next()
            .unwrap()
            .to_string()
    };
    let (old, new) = (token(&first), token(&again));
    assert_ne!(old, new);
    assert!(again["link"].as_str().unwrap().starts_with("http"));
    let shown = call(
        router,
        "/api/show_invitation",
        &[("token", &old)],
        None,
        &[],
    )
    .await;
    assert_eq!(shown.status, StatusCode::NOT_FOUND, "{}", shown.body);
    let people = json(
        &call(
            router,
            "/api/list_people",
            &[("user", "")],
            Some(&admin),
            &[],
        )
        .await
        .body,
    );
    assert_eq!(people["invitations"].as_array().unwrap().len(), 1);

    // The link's page says who it is for; a guessable password is refused, nothing stored.
    let shown = call(
        router,
        "/api/show_invitation",
        &[("token", &new)],
        None,
        &[],
    )
    .await;
    assert_eq!(json(&shown.body)["name"], "Ines Novak");
    let before = app.state.db.table_counts().await.unwrap();
    let weak = call(
        router,
        "/api/accept_invitation",
        &[("token", &new), ("password", "ines.novak-2026!")],
        None,
        &[],
    )
    .await;
    assert_eq!(
        weak.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        weak.body
    );
    assert_eq!(app.state.db.table_counts().await.unwrap(), before);

    let accepted = call(
        router,
        "/api/accept_invitation",
        &[("token", &new), ("password", "lantern orbit meadow 7")],
        None,
        &[],
    )
    .await;
    assert_eq!(accepted.status, StatusCode::OK, "{}", accepted.body);
    let me = json(&accepted.body);
    assert_eq!(me["role"], "technician");
    assert_eq!(me["assigned"], serde_json::json!([DEMO_ACCOUNT_ID]));
    let cookie = accepted
        .set_cookie
        .expect("signed in")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let who = call(router, "/api/whoami", &[], Some(&cookie), &[]).await;
    assert_eq!(json(&who.body)["name"], "Ines Novak");
    // The link works once.
    let twice = call(
        router,
        "/api/accept_invitation",
        &[("token", &new), ("password", "lantern orbit meadow 7")],
        None,
        &[],
    )
    .await;
    assert_eq!(twice.status, StatusCode::NOT_FOUND, "{}", twice.body);
    assert_eq!(error(&twice.body), api::AppError::InvitationClosed);
    // And the new password signs in.
    sign_in(router, "ines@agency.example", "lantern orbit meadow 7").await;

    let actions = audit_actions(&app).await;
    for a in ["user_invited", "invitation_accepted", "signed_in"] {
        assert!(actions.iter().any(|x| x == a), "{a} in {actions:?}");
    }
}

#[tokio::test]
async fn a_deactivated_user_is_signed_out_at_once_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let mine = call(router, "/api/accounts", &[], Some(&client), &[]).await;
    assert_eq!(mine.status, StatusCode::OK);
    let people = json(
        &call(
            router,
            "/api/list_people",
            &[("user", "")],
            Some(&admin),
            &[],
        )
        .await
        .body,
    );
    let id = people["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "client@acme.example")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();

    // An admin cannot deactivate themselves.
    let admin_id = json(
        &call(router, "/api/whoami", &[], Some(&admin), &[])
            .await
            .body,
    )["id"]
        .as_str()
        .unwrap()
        .to_string();
    let own = call(
        router,
        "/api/deactivate_user",
        &[("user_id", &admin_id)],
        Some(&admin),
        &[],
    )
    .await;
    assert_eq!(own.status, StatusCode::FORBIDDEN, "{}", own.body);

    for _ in 0..2 {
        // Twice: the same answer, one effect.
        let r = call(
            router,
            "/api/deactivate_user",
            &[("user_id", &id)],
            Some(&admin),
            &[],
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let after = call(router, "/api/accounts", &[], Some(&client), &[]).await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "{}", after.body);
    let again = call(
        router,
        "/api/sign_in",
        &[
            ("email", "client@acme.example"),
            ("password", "demo-client-2026"),
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "{}", again.body);
    let people = json(
        &call(
            router,
            "/api/list_people",
            &[("user", "")],
            Some(&admin),
            &[],
        )
        .await
        .body,
    );
    let user = people["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == id.as_str())
        .unwrap()
        .clone();
    assert!(user["deactivated_at"].is_string(), "{user}");
    let actions = audit_actions(&app).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "user_deactivated").count(),
        1,
        "{actions:?}"
    );
    assert!(actions.iter().any(|a| a == "sign_in_failed"), "{actions:?}");
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let here = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let elsewhere = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let change = |current: &'static str, new: &'static str| {
        let here = here.clone();
        async move {
            call(
                router,
                "/api/change_password",
                &[("current", current), ("new", new)],
                Some(&here),
                &[],
            )
            .await
        }
    };
    let wrong = change("guess", "harbour lemon quartz 42").await;
    assert_eq!(
        wrong.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        wrong.body
    );
    assert!(error(&wrong.body).field("current").is_some());
    let weak = change("demo-tech-2026", "aaaaaaaaaaaaaaaa").await;
    assert!(error(&weak.body).field("new").is_some(), "{}", weak.body);

    let ok = change("demo-tech-2026", "harbour lemon quartz 42").await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    // This session goes on; the other one ended; the old password no longer signs in.
    let who = |c: String| async move {
        json(&call(router, "/api/whoami", &[], Some(&c), &[]).await.body)
    };
    assert_eq!(who(here.clone()).await["name"], "Dana Weber");
    assert!(who(elsewhere).await.is_null());
    let old = call(
        router,
        "/api/sign_in",
        &[
            ("email", "dana@agency.example"),
            ("password", "demo-tech-2026"),
        ],
        None,
        &[],
    )
    .await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    sign_in(router, "dana@agency.example", "harbour lemon quartz 42").await;
    assert!(
        audit_actions(&app)
            .await
            .iter()
            .any(|a| a == "password_changed")
    );
}

#[tokio::test]
async fn an_admin_reassigns_a_technician_and_people_rename_themselves() {
    let app = TestApp::spawn().await;
    let router = &app.router;
    let admin = sign_in(router, "admin@agency.example", "demo-admin-2026").await;
    let dana = sign_in(router, "dana@agency.example", "demo-tech-2026").await;
    let assign = |endpoint: &'static str| {
        let admin = admin.clone();
        async move {
            call(
                router,
                endpoint,
                &[("account_id", "globex"), ("user_id", "dana")],
                Some(&admin),
                &[],
            )
            .await
        }
    };
    // Assigning twice assigns once, with one audit line; Dana then sees Globex.
    for _ in 0..2 {
        let r = assign("/api/assign_technician").await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert!(r.body.contains("globex"), "{}", r.body);
    }
    let seen = call(router, "/api/accounts", &[], Some(&dana), &[]).await;
    assert!(seen.body.contains("globex"), "{}", seen.body);
    // Taking her off: she no longer sees it (an account she may not see answers 404).
    let r = assign("/api/unassign_technician").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(!r.body.contains("globex"), "{}", r.body);
    let work = call(
        router,
        "/api/work_log",
        &[("account_id", "globex")],
        Some(&dana),
        &[],
    )
    .await;
    assert_eq!(work.status, StatusCode::NOT_FOUND);
    let actions = audit_actions(&app).await;
    assert_eq!(
        actions.iter().filter(|a| *a == "user_assigned").count(),
        1,
        "{actions:?}"
    );
    assert!(actions.contains(&"user_unassigned".to_string()));

    // A client renames herself; another user's name is refused; a technician's name is on
    // their work, so they may not.
    let client = sign_in(router, "client@acme.example", "demo-client-2026").await;
    let rename = |cookie: String, name: &'static str| async move {
        call(
            router,
            "/api/change_name",
            &[("name", name)],
            Some(&cookie),
            &[],
        )
        .await
    };
    let r = rename(client.clone(), "Petra Acme-Novak").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let me = call(router, "/api/whoami", &[], Some(&client), &[]).await;
    assert!(me.body.contains("Petra Acme-Novak"), "{}", me.body);
    let counts = app.state.db.table_counts().await.unwrap();
    let taken = rename(client.clone(), "Alex Meyer").await;
    assert_eq!(
        taken.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        taken.body
    );
    assert!(taken.body.contains("name_in_use"), "{}", taken.body);
    let tech = rename(dana.clone(), "Dana W.").await;
    assert_eq!(tech.status, StatusCode::FORBIDDEN, "{}", tech.body);
    assert_eq!(app.state.db.table_counts().await.unwrap(), counts);
    assert!(
        audit_actions(&app)
            .await
            .contains(&"name_changed".to_string())
    );
}
