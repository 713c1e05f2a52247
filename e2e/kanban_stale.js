// The stale badge of the opportunity kanban, at 1366x768 (issue 20, row 13):
// the demo ships Rotting Days on its open stages, and the badge counts the
// deal's own days in its stage (since its stage last changed or its latest
// conversation, whichever is later), not its customer's. Three deals of the
// check's own, at Qualified: idle for 30 days (badge "30 d"), stage old but
// talked about 2 days ago (no badge), new deal of a customer idle for 40
// days (no badge). A fourth, idle for 432 days with two stars: its badge
// wraps below the stars on the narrow card, never over them.
'use strict';
const { run, login, open, settle, shot, rpc, xmlid, today, DESKTOP } = require('./lib');

run('kanban_stale', async (page) => {
  await login(page);
  const qualified = await xmlid(page, 'smart_pipeline.crm_stage_qualified');
  const [stage] = await rpc(page, 'crm.stage', 'read', [[qualified], ['rotting_days']]);
  if (!(stage.rotting_days > 0 && stage.rotting_days < 30)) {
    throw new Error(`the demo's Qualified stage should rot (1 to 29 days): ${stage.rotting_days}`);
  }
  const openStages = await rpc(page, 'crm.stage', 'search_read',
    [[['pipeline_outcome', '=', 'open']]], { fields: ['name', 'rotting_days'] });
  const never = openStages.filter((s) => !s.rotting_days).map((s) => s.name);
  if (never.length) { throw new Error(`open stages without Rotting Days: ${never}`); }

  const stamp = `${Date.now() % 100000}`;
  const [admin] = await rpc(page, 'res.users', 'search', [[['login', '=', 'admin']]]);
  // the server counts the days in the user's timezone: the days given are
  // the user's (in the last hour before midnight UTC, Brussels is a day
  // ahead), at 12:00 UTC, which is that same day from UTC-12 to UTC+11
  const [{ tz }] = await rpc(page, 'res.users', 'read', [[admin], ['tz']]);
  const day = (days) => today(page, -days, tz || 'UTC');
  const customer = (name) => rpc(page, 'res.partner', 'create', [{
    name: `${name} ${stamp}`, is_company: true, customer: true,
  }]);
  const deal = (name, partnerId, movedDaysAgo) => day(movedDaysAgo).then((when) => rpc(
    page, 'crm.lead', 'create', [{
      name: `${name} ${stamp}`, type: 'opportunity', partner_id: partnerId,
      user_id: admin, stage_id: qualified, date_last_stage_update: `${when} 12:00:00`,
    }]));
  const line = async (partnerId, leadId, daysAgo) => rpc(page, 'crm.conversation', 'create', [{
    partner_id: partnerId, lead_id: leadId || false, user_id: admin, duration: 10,
    date_begin: `${await day(daysAgo)} 12:00:00`, note: `Stale check ${stamp}`,
  }]);
  const idle = await deal('Stale idle', await customer('Stale Idle Co'), 30);
  const talkedCo = await customer('Stale Talked Co');
  const talked = await deal('Stale talked', talkedCo, 40);
  await line(talkedCo, talked, 2);
  const oldCo = await customer('Stale Old Co');
  await line(oldCo, false, 40);
  const fresh = await deal('Stale fresh', oldCo, 0);
  const long = await deal('Stale long', await customer('Stale Long Co'), 432);
  await rpc(page, 'crm.lead', 'write', [[long], { priority: '2' }]);
  console.log(JSON.stringify({ idle, talked, fresh, long }));

  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.type('.o_searchview_input', stamp);
  await page.waitForSelector('.o_searchview_autocomplete li');
  await page.keyboard.press('Enter');
  await settle(page, 800);
  const badges = {};
  for (const name of ['Stale idle', 'Stale talked', 'Stale fresh', 'Stale long']) {
    const card = page.locator('.o_kanban_record', { hasText: `${name} ${stamp}` });
    await card.waitFor();
    const badge = card.locator('.o_pipeline_stale_badge');
    badges[name] = await badge.count() ? (await badge.innerText()).trim() : '';
  }
  console.log(JSON.stringify(badges));
  await shot(page, 'kanban_stale');
  if (badges['Stale idle'] !== '30 d') {
    throw new Error(`the deal idle for 30 days should read "30 d": "${badges['Stale idle']}"`);
  }
  if (badges['Stale talked'] || badges['Stale fresh']) {
    throw new Error(`deals talked about or new are not stale: ${JSON.stringify(badges)}`);
  }
  // the long-idle card: the stars on one line, the badge clear of them
  const longCard = page.locator('.o_kanban_record', { hasText: `Stale long ${stamp}` });
  const badge = await longCard.locator('.o_pipeline_stale_badge').boundingBox();
  const stars = await longCard.locator('.o_priority_star').evaluateAll(
    (nodes) => nodes.map((n) => { const r = n.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; }));
  const rows = new Set(stars.map((star) => Math.round(star.y)));
  const overlaps = stars.filter((star) => star.x < badge.x + badge.width && badge.x < star.x + star.w
    && star.y < badge.y + badge.height && badge.y < star.y + star.h);
  console.log(JSON.stringify({ badge, stars }));
  if (rows.size !== 1 || overlaps.length) {
    throw new Error(`the stale badge sits on the stars or the stars break in two: ${JSON.stringify({ badge, stars })}`);
  }
}, DESKTOP);
