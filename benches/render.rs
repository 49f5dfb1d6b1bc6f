//! Hot paths of rendering: compiling a preset body, building the context from a payload, and
//! rendering it; the per-line cost of `preview --ndjson` and of `serve`'s pipeline.

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use oomhook::preset::{Registry, batch};
use oomhook::template::{self, Engine, Undefined};

fn render(c: &mut Criterion) {
    let reg = Registry::new(None);
    let preset = reg.get("okta-user-deactivated").unwrap();
    let sample = reg.sample(&preset, None).unwrap();
    let headers = BTreeMap::new();

    c.bench_function("compile okta body", |b| {
        b.iter(|| Engine::new("body", black_box(&preset.body), Undefined::Strict).unwrap())
    });
    let engine = Engine::new("body", &preset.body, Undefined::Strict).unwrap();
    c.bench_function("parse okta payload (serde_json::Value)", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&sample.text)).unwrap())
    });
    c.bench_function("parse okta payload (eager template values)", |b| {
        b.iter(|| serde_json::from_str::<minijinja::Value>(black_box(&sample.text)).unwrap())
    });
    c.bench_function("parse okta payload (lazy template values)", |b| {
        b.iter(|| template::json::parse(black_box(&sample.text)).unwrap())
    });
    let payload = template::json::parse(&sample.text).unwrap();
    // Okta batches its events: the body renders per item, with `item` in the context.
    c.bench_function("context from payload", |b| {
        b.iter(|| {
            batch::first_context(&preset, black_box(&payload), &headers, Some("update_user"))
                .unwrap()
        })
    });
    let ctx = batch::first_context(&preset, &payload, &headers, Some("update_user")).unwrap();
    // The engine keeps its compiled instructions: a render is only the render.
    c.bench_function("render okta body", |b| {
        b.iter(|| engine.render(black_box(&ctx)).unwrap())
    });
    let renderer = engine.renderer();
    c.bench_function("parse + context + render", |b| {
        b.iter(|| {
            let p = template::json::parse(black_box(&sample.text)).unwrap();
            let ctx = batch::first_context(&preset, &p, &headers, Some("update_user")).unwrap();
            renderer.render(&ctx).unwrap()
        })
    });
}

criterion_group!(benches, render);
criterion_main!(benches);
