// Signs in as an agent and prints the live frames they receive.
import WebSocket from 'ws';
const [base, email, password] = process.argv.slice(2);
const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
  method: 'POST', headers: { 'content-type': 'application/json', origin: base },
  body: JSON.stringify({ email, password }),
});
const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/api/v1/live`, { headers: { cookie, origin: base } });
ws.on('message', (data) => console.log(data.toString()));
