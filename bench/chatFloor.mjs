// The least any POST /chat can cost on this machine, for bench:api to print beside serve's figure:
// plain node:http and pg, no auth, no validation, no framework — read the body, one prepared query
// for the session's model, ask the model server (streamed), one prepared INSERT of the log, answer.
// What serve adds on top of this is ours; what this adds over the model server is the machine's.
// Run as its own process, like serve: node bench/chatFloor.mjs DATABASE_URL MODEL_URL.
import { createServer } from 'node:http';
import pg from 'pg';
import { request } from 'undici';

const [databaseUrl, modelUrl] = process.argv.slice(2);
{
  // The same pool size as serve's default, so that the two meet the same server at 32 connections.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const { session_id, question } = JSON.parse(body);
    const session = await pool.query({
      name: 'session',
      text: `SELECT s.id, s.system_prompt, m.model_name FROM sessions s JOIN models m ON m.id = s.model_id
             WHERE s.id = $1 AND s.ended_at IS NULL`,
      values: [session_id],
    });
    const { model_name, system_prompt } = session.rows[0];
    const answer = await request(`${modelUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: model_name,
        stream: true,
        messages: [
          { role: 'system', content: system_prompt },
          { role: 'user', content: question },
        ],
      }),
    });
    let text = '';
    let pending = '';
    for await (const chunk of answer.body) {
      pending += chunk;
      for (let end = pending.indexOf('\n'); end >= 0; end = pending.indexOf('\n')) {
        const line = pending.slice(0, end).trim();
        pending = pending.slice(end + 1);
        if (line.startsWith('data: {')) text += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
      }
    }
    const log = await pool.query({
      name: 'log',
      text: `INSERT INTO conversation_logs (session_id, question, answer, evaluation)
             SELECT id, $2::text, $3::text, 1 FROM sessions WHERE id = $1 AND ended_at IS NULL
             RETURNING id, answer, "timestamp"`,
      values: [session_id, question, text],
    });
    const row = log.rows[0];
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ log_id: row.id, answer: row.answer, timestamp: row.timestamp }));
  });
  server.listen(0, '127.0.0.1', () => console.log(`Listening on http://127.0.0.1:${server.address().port}`));
}
