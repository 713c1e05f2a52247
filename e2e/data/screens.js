// Data of the everyday-screen checks, created over RPC as admin with fixed
// dates: a salesperson, a customer with a contact and conversation lines
// (long notes, a follow-up), idempotent so the checks can run again.
'use strict';
const { rpc } = require('../lib');

const SALES_LOGIN = 'e2e_screens_sales';

async function ensureOne(page, model, domain, values) {
  const ids = await rpc(page, model, 'search', [domain], { context: { active_test: false } });
  if (ids.length) { return ids[0]; }
  return rpc(page, model, 'create', [values]);
}

async function ref(page, xmlid) {
  const [module, name] = xmlid.split('.');
  const [data] = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', module], ['name', '=', name]], ['res_id']]);
  return data.res_id;
}

// As admin: returns { userId, customerId, contactId, lines }.
async function screensData(page) {
  const salesman = await ref(page, 'sales_team.group_sale_salesman');
  const partnerManager = await ref(page, 'base.group_partner_manager');
  const team = await ref(page, 'sales_team.team_sales_department');
  const userId = await ensureOne(page, 'res.users', [['login', '=', SALES_LOGIN]], {
    name: 'Sam Screens', login: SALES_LOGIN, password: SALES_LOGIN,
    email: 'sam.screens@example.com', tz: 'Europe/Brussels', lang: 'en_US',
    groups_id: [[6, 0, [salesman, partnerManager]]], sale_team_id: team,
  });
  const customerId = await ensureOne(page, 'res.partner', [['name', '=', 'Northwind Screens Ltd']], {
    name: 'Northwind Screens Ltd', is_company: true, customer: true,
    phone: '+44 20 7946 0958', email: 'office@northwind-screens.example.com',
    // opened before its lines of 2025 (by default, the day the check runs:
    // the overview would count its lines, dated before, as 0 "days before
    // pipeline")
    account_opened_date: '2025-01-15',
  });
  const contactId = await ensureOne(page, 'res.partner', [['name', '=', 'Nora Lane']], {
    name: 'Nora Lane', parent_id: customerId, email: 'nora@northwind-screens.example.com',
  });
  const topic = (await rpc(page, 'crm.conversation.topic', 'search', [[]], { limit: 1 }))[0];
  const telephone = await ref(page, 'smart_pipeline.crm_conversation_channel_telephone');
  const visit = await ref(page, 'smart_pipeline.crm_conversation_channel_visit');
  const stage = (await rpc(page, 'crm.stage', 'search', [[['pipeline_outcome', '=', 'open']]],
    { limit: 2 }))[1];
  const lines = [
    ['2025-03-03 09:00:00', '2025-03-10', telephone,
      'Called Nora about renewing the fleet contract. She wants a quote for 40 vehicles '
      + 'with the telematics option, and a comparison with last year\'s prices before '
      + 'the board meeting on the 12th.'],
    ['2025-02-24 14:30:00', false, visit,
      'Visit at the Leeds depot: demo of the driver app, the warehouse team liked the '
      + 'offline mode.'],
  ];
  // lines logged through the screens by an earlier run go
  const logged = await rpc(page, 'crm.conversation', 'search',
    [[['partner_id', '=', customerId], ['date_begin', '>', '2026-01-01 00:00:00']]]);
  if (logged.length) { await rpc(page, 'crm.conversation', 'unlink', [logged]); }
  const ids = [];
  for (const [begin, followUp, channel, note] of lines) {
    ids.push(await ensureOne(page, 'crm.conversation',
      [['partner_id', '=', customerId], ['date_begin', '=', begin]], {
        partner_id: customerId, contact_id: contactId, user_id: userId, date_begin: begin,
        follow_up_date: followUp, channel_id: channel, topic_id: topic, stage_id: stage,
        note, duration: 20,
      }));
  }
  return { userId, customerId, contactId, lines: ids, login: SALES_LOGIN };
}

module.exports = { screensData, ref, SALES_LOGIN };
