// Wait until the server answers: it may still be migrating and seeding when the tests start.
// The sign-in page is the one page open to everyone.
export default async function globalSetup() {
  const base = `http://${process.env.LEPTOS_SITE_ADDR ?? '127.0.0.1:3000'}`;
  const deadline = Date.now() + 60_000;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/sign-in`);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = String(e);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the server at ${base} did not answer within 60 s (${last})`);
}
