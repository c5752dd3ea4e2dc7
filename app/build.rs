//! Generates the `i18n` module from `locales/LANG/NAMESPACE.json` (leptos_i18n_build), and fails
//! the build when a language lacks a key another language has: every text exists in English,
//! German and Slovenian, or nothing compiles.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};

const DEFAULT: &str = "en";
const OTHERS: [&str; 2] = ["de", "sl"];
/// One file per page or component family in each language's folder.
const NAMESPACES: [&str; 20] = [
    "common",
    "payouts",
    "dashboard",
    "work",
    "packs",
    "quotes",
    "account",
    "home",
    "manage",
    "month_end",
    "sign_in",
    "invoice",
    "errors",
    "people",
    "catalog",
    "audit",
    "licences",
    "settings",
    "integrations",
    "sla",
];

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=locales");
    for ns in NAMESPACES {
        same_keys(ns);
    }
    let options = ParseOptions::new().interpolate_display(true);
    let cfg = Config::new(DEFAULT)
        .and_then(|c| c.add_locales(OTHERS))
        .and_then(|c| c.add_namespaces(NAMESPACES))
        .expect("the i18n configuration")
        .parse_options(options);
    let infos = TranslationsInfos::parse(cfg).expect("the translations parse");
    infos.rerun_if_locales_changed();
    infos.emit_diagnostics();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("i18n");
    infos
        .generate_i18n_module(out)
        .expect("the i18n module is written");
}

/// Every language of `namespace` has exactly the keys English has.
fn same_keys(namespace: &str) {
    let keys = |lang: &str| -> BTreeSet<String> {
        let path = Path::new("locales")
            .join(lang)
            .join(format!("{namespace}.json"));
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = BTreeSet::new();
        flatten("", &value, &mut out);
        out
    };
    let english = keys(DEFAULT);
    for lang in OTHERS {
        let other = keys(lang);
        let missing: Vec<_> = english.difference(&other).collect();
        let extra: Vec<_> = other.difference(&english).collect();
        assert!(
            missing.is_empty() && extra.is_empty(),
            "locales/{lang}/{namespace}.json: missing {missing:?}, not in English {extra:?}"
        );
    }
}

fn flatten(prefix: &str, v: &serde_json::Value, out: &mut BTreeSet<String>) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m {
                let key = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&key, x, out);
            }
        }
        _ => {
            out.insert(prefix.to_string());
        }
    }
}
