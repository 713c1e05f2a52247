// The engine's memo (smart_pipeline/tools/memo.py) against the running
// server, where each call of an external client is a transaction of its own
// and the memo answers (issue 19: derived data never readable beyond what
// the lines allow, never stale). Two salespeople of a company of the
// check's own, each with their own customer and lines (fixed dates), call
// get_overview, get_flow and get_forecast through the external API
// (/jsonrpc execute_kw, the XML-RPC service's twin):
// - each reads only their own figures ("own documents only" salespeople),
//   whoever asked first, reopened or not;
// - a line logged by one of them shows in their next call (the memo was
//   computed before it), and not in the other's;
// - one of them made an "all documents" salesperson (other record rules,
//   other figures): their next call reads both.
'use strict';
const { run, login, rpc, xmlid, BASE, DB } = require('./lib');

async function external(uid, password, model, method, args, kwargs = {}) {
  const response = await fetch(`${BASE}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      jsonrpc: '2.0', method: 'call',
      params: { service: 'object', method: 'execute_kw',
        args: [DB, uid, password, model, method, args, kwargs] },
    }),
  });
  const body = await response.json();
  if (body.error) { throw new Error(JSON.stringify(body.error)); }
  return body.result;
}

async function authenticate(login) {
  const response = await fetch(`${BASE}/jsonrpc`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call',
      params: { service: 'common', method: 'authenticate', args: [DB, login, login, {}] } }),
  });
  const body = await response.json();
  if (!body.result) { throw new Error(`${login} cannot log in: ${JSON.stringify(body)}`); }
  return body.result;
}

const PERIOD = { date_from: '2025-01-01', date_to: '2025-12-31', reference_date: '2025-12-31' };

// What a salesperson's screens show: conversations per employee id, and the
// customers the flow and the overview count.
async function figures(user) {
  const overview = await external(user.uid, user.login, 'crm.pipeline.overview',
    'get_overview', [], PERIOD);
  const flow = await external(user.uid, user.login, 'crm.pipeline.overview', 'get_flow', [], PERIOD);
  const forecast = await external(user.uid, user.login, 'crm.pipeline.overview',
    'get_forecast', [], PERIOD);
  const conversations = {};
  for (const row of overview.employees) { conversations[row.user_id] = row.conversations; }
  const cohort = flow.cohorts.find((row) => row.month === '2025-03');
  return {
    conversations,
    inPipeline: overview.in_pipeline,
    cohortCustomers: cohort ? cohort.customers : 0,
    historyCustomers: forecast.stages.reduce((sum, row) => sum + row.history_customers, 0),
  };
}

function expect(actual, expected, what) {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) { throw new Error(`${what}: ${a}, expected ${e}`); }
}

run('memo_rpc', async (page) => {
  await login(page);
  const stamp = Date.now() % 100000;
  const company = await rpc(page, 'res.company', 'create', [{ name: `Memo Rpc Co ${stamp}` }]);
  const salesman = await xmlid(page, 'sales_team.group_sale_salesman');
  const stage = await xmlid(page, 'smart_pipeline.crm_stage_qualified');
  const won = await xmlid(page, 'smart_pipeline.crm_stage_won');
  const users = [];
  for (const name of ['a', 'b']) {
    const login = `memo_rpc_${name}_${stamp}`;
    const uid = await rpc(page, 'res.users', 'create', [{
      name: `Memo Rpc ${name.toUpperCase()} ${stamp}`, login, password: login,
      company_id: company, company_ids: [[6, 0, [company]]], groups_id: [[6, 0, [salesman]]],
    }], { context: { no_reset_password: true } });
    const customer = await rpc(page, 'res.partner', 'create', [{
      name: `Memo Rpc Customer ${name.toUpperCase()} ${stamp}`, customer: true,
      is_company: true, company_id: company }]);
    users.push({ uid, login, customer });
  }
  const [a, b] = users;
  const line = (user, day, stageId) => rpc(page, 'crm.conversation', 'create', [{
    partner_id: user.customer, user_id: user.uid, company_id: company,
    date_begin: `2025-03-0${day} 09:00:00`, duration: 20, stage_id: stageId }]);
  await line(a, 3, stage);
  await line(b, 4, stage);
  await line(b, 5, won);
  a.uid = await authenticate(a.login);
  b.uid = await authenticate(b.login);

  // b first: its figures are in the memo when a asks
  const bFirst = await figures(b);
  expect(bFirst.conversations, { [b.uid]: 2 }, 'b, own lines only');
  const aFirst = await figures(a);
  expect(aFirst, { conversations: { [a.uid]: 1 }, inPipeline: 1, cohortCustomers: 1,
    historyCustomers: 0 }, 'a, own lines only');
  expect(await figures(a), aFirst, 'a, reopened');
  expect(await figures(b), bFirst, 'b, reopened');
  // a logs a call through the external API: a's next figures show it
  await external(a.uid, a.login, 'crm.conversation', 'create', [{
    partner_id: a.customer, user_id: a.uid, date_begin: '2025-03-06 09:00:00',
    duration: 15, stage_id: won }]);
  const aAfter = await figures(a);
  expect(aAfter.conversations, { [a.uid]: 2 }, 'a, after logging a line');
  expect(aAfter.inPipeline, 0, 'a, its customer won');
  expect(await figures(b), bFirst, 'b, after a logged a line');
  // b made an "all documents" salesperson: other rules, other figures
  const allLeads = await xmlid(page, 'sales_team.group_sale_salesman_all_leads');
  await rpc(page, 'res.users', 'write', [[b.uid], { groups_id: [[4, allLeads]] }]);
  const bAll = await figures(b);
  expect(bAll.conversations, { [a.uid]: 2, [b.uid]: 2 }, 'b, all documents');
  expect(bAll.inPipeline, 0, 'b, all documents: both customers won');
});
