//! The site's package (WASM, JavaScript, CSS) over HTTP: `hourbank precompress` writes brotli
//! and gzip copies once; the server sends the copy the browser accepts, the file itself to one
//! that accepts neither, 304 to a browser that has it, and never a stale copy for long.

use std::process::Command;

use axum::http::{StatusCode, header};

use crate::support::{TestApp, raw_get};

/// A site folder with an empty `pkg/` for the test to fill, and its path.
fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let site = tempfile::tempdir().unwrap();
    let pkg = site.path().join("pkg");
    std::fs::create_dir(&pkg).unwrap();
    (site, pkg)
}

/// The app's router serving `site` as production serves target/site.
fn serving(app: &TestApp, site: &tempfile::TempDir) -> axum::Router {
    let options = leptos::config::LeptosOptions::builder()
        .output_name("hourbank")
        .site_root(site.path().display().to_string())
        .site_pkg_dir("pkg")
        .build();
    app::http::router(app.state.clone(), options)
}

#[tokio::test]
async fn the_wasm_goes_out_precompressed_and_a_browser_that_has_it_gets_304() {
    let app = TestApp::spawn().await;
    let (site, pkg) = site();
    // Something WASM-sized and compressible.
    let wasm: Vec<u8> = (0..400_000u32)
        .flat_map(|i| (i % 251).to_le_bytes())
        .collect();
    std::fs::write(pkg.join("hourbank.wasm"), &wasm).unwrap();
    std::fs::write(
        pkg.join("hourbank.css"),
        "body { color: red; }\n".repeat(200),
    )
    .unwrap();
    std::fs::write(pkg.join("notes.txt"), "not a site file").unwrap();

    let out = Command::new(env!("CARGO_BIN_EXE_hourbank"))
        .arg("precompress")
        .arg(&pkg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("hourbank.wasm: 1600000 bytes, br "), "{said}");
    for copy in [
        "hourbank.wasm.br",
        "hourbank.wasm.gz",
        "hourbank.css.br",
        "hourbank.css.gz",
    ] {
        assert!(pkg.join(copy).exists(), "{copy}");
    }
    assert!(!pkg.join("notes.txt.br").exists());
    // Run again: the copies are fresh and kept.
    let again = Command::new(env!("CARGO_BIN_EXE_hourbank"))
        .arg("precompress")
        .arg(&pkg)
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains("br kept, gz kept"));

    let router = serving(&app, &site);
    let br = std::fs::read(pkg.join("hourbank.wasm.br")).unwrap();
    let (status, headers, body) = raw_get(
        &router,
        "/pkg/hourbank.wasm",
        &[("accept-encoding", "gzip, deflate, br")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "br");
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");
    assert_eq!(body, br, "the precompressed copy, as written");
    // What the browser keeps to ask again with.
    let modified = headers[header::LAST_MODIFIED].to_str().unwrap().to_string();
    assert!(br.len() * 10 < wasm.len(), "{} of {}", br.len(), wasm.len());

    let (_, headers, body) = raw_get(
        &router,
        "/pkg/hourbank.wasm",
        &[("accept-encoding", "identity")],
    )
    .await;
    assert!(headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, wasm);

    let (status, _, body) = raw_get(
        &router,
        "/pkg/hourbank.wasm",
        &[("accept-encoding", "br"), ("if-modified-since", &modified)],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body.is_empty());

    let (status, _, _) = raw_get(&router, "/pkg/missing.wasm", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

/// Built with `hash-files`, a file's name changes with its content: the browser keeps it a year
/// and never asks again. A name without a hash (a build without hashing) is still revalidated.
#[tokio::test]
async fn content_hashed_files_are_kept_a_year_and_plain_names_are_revalidated() {
    let app = TestApp::spawn().await;
    let (site, pkg) = site();
    let hashed = "hourbank.Xr3_-9aZk0QwErTyUiOpAs.css";
    std::fs::write(pkg.join(hashed), "body { color: red; }").unwrap();
    std::fs::write(pkg.join("hourbank.css"), "body { color: blue; }").unwrap();
    let router = serving(&app, &site);

    let (status, headers, body) = raw_get(&router, &format!("/pkg/{hashed}"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(body, b"body { color: red; }");

    let (status, headers, _) = raw_get(&router, "/pkg/hourbank.css", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "no-cache");

    // A missing hashed name is a plain 404, never cached for a year.
    let (status, headers, _) =
        raw_get(&router, "/pkg/hourbank.AAAAAAAAAAAAAAAAAAAAAA.wasm", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

#[test]
fn a_content_hash_is_recognised_only_where_cargo_leptos_puts_it() {
    use app::http::is_content_hashed;
    assert!(is_content_hashed("hourbank.Xr3_-9aZk0QwErTyUiOpAs.wasm"));
    assert!(is_content_hashed("hourbank.Xr3_-9aZk0QwErTyUiOpAs.js"));
    for plain in [
        "hourbank.wasm",
        "hourbank.css",
        // 21 characters, 23 characters, a character outside base64url, no stem, a folder.
        "hourbank.Xr3_-9aZk0QwErTyUiOpA.wasm",
        "hourbank.Xr3_-9aZk0QwErTyUiOpAsd.wasm",
        "hourbank.Xr3_-9aZk0QwErTyUiOp+s.wasm",
        ".Xr3_-9aZk0QwErTyUiOpAs.wasm",
        "snippets/x.Xr3_-9aZk0QwErTyUiOpAs.js",
        "hourbank.Xr3_-9aZk0QwErTyUiOpAs.wasm.br",
    ] {
        assert!(!is_content_hashed(plain), "{plain}");
    }
}
