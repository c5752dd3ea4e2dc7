//! The accounts the deployment serves.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::session::ToSignIn;
use crate::errors::AppError;
use crate::server_fns::list_accounts;

#[component]
pub fn HomePage() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| list_accounts());
    view! {
        <Title text="Accounts" />
        <div class="page-head">
            <h1>"Accounts"</h1>
            <p class="muted">"The client accounts you can see, their currency and time zone."</p>
        </div>
        <section class="panel">
            <Suspense fallback=|| view! { <p class="muted">"Loading accounts…"</p> }>
                {move || Suspend::new(async move {
                    match accounts.await {
                        Ok(list) if list.is_empty() => {
                            view! { <p class="muted">"No accounts yet."</p> }.into_any()
                        }
                        Ok(list) => {
                            view! {
                                <table class="table">
                                    <thead>
                                        <tr>
                                            <th scope="col">"Account"</th>
                                            <th scope="col">"Legal name"</th>
                                            <th scope="col">"Currency"</th>
                                            <th scope="col">"Time zone"</th>
                                            <th scope="col">
                                                <span class="visually-hidden">"Actions"</span>
                                            </th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {list
                                            .into_iter()
                                            .map(|a| {
                                                let href = format!("/accounts/{}", a.id);
                                                let work = format!("/accounts/{}/work", a.id);
                                                view! {
                                                    <tr>
                                                        <td>
                                                            <a href=href.clone()>{a.name}</a>
                                                        </td>
                                                        <td>{a.legal_name}</td>
                                                        <td>{a.currency}</td>
                                                        <td>{a.timezone}</td>
                                                        <td class="num">
                                                            <a class="button button-small" href=href>
                                                                "Dashboard"
                                                            </a>
                                                            " "
                                                            <a class="button button-ghost button-small" href=work>
                                                                "Work log"
                                                            </a>
                                                        </td>
                                                    </tr>
                                                }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                            }
                                .into_any()
                        }
                        Err(AppError::Unauthorized) => view! { <ToSignIn /> }.into_any(),
                        Err(e) => {
                            view! { <p class="alert alert-error">{e.to_string()}</p> }.into_any()
                        }
                    }
                })}
            </Suspense>
        </section>
    }
}
