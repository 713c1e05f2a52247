// French, at 1366x768 (issue 20, row 12): with French installed the way an
// administrator does it (Settings > Translations > Load a Translation, which
// loads crm's catalogue before the addon's), a French-speaking salesperson
// reads the shipped stages under the addon's names ("Premier contact",
// "Proposition envoyée"), never crm's names for the stages they replace
// ("Nouveau", "Proposition"); a new line's dialog reads "Créer :
// Conversations", not "CréerConversations"; the overview's seven tiles fit
// one row.
'use strict';
const { run, login, open, settle, shot, rpc, xmlid, DESKTOP } = require('./lib');
const { ref } = require('./data/screens');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';
const LOGIN = 'e2e_french_sales';

run('french_screens', async (page) => {
  await login(page);
  const installed = await rpc(page, 'res.lang', 'search', [[['code', '=', 'fr_FR']]]);
  if (!installed.length) {
    const wizard = await rpc(page, 'base.language.install', 'create', [{ lang: 'fr_FR' }]);
    await rpc(page, 'base.language.install', 'lang_install', [[wizard]]);
  } else {
    // "Load a Translation" again, over the existing terms: crm's first
    const wizard = await rpc(page, 'base.language.install', 'create',
      [{ lang: 'fr_FR', overwrite: true }]);
    await rpc(page, 'base.language.install', 'lang_install', [[wizard]]);
  }
  const salesman = await ref(page, 'sales_team.group_sale_salesman');
  const partnerManager = await ref(page, 'base.group_partner_manager');
  const users = await rpc(page, 'res.users', 'search', [[['login', '=', LOGIN]]]);
  if (!users.length) {
    await rpc(page, 'res.users', 'create', [{
      name: 'Fanny Français', login: LOGIN, password: LOGIN, email: `${LOGIN}@example.com`,
      lang: 'fr_FR', tz: 'Europe/Paris', groups_id: [[6, 0, [salesman, partnerManager]]],
    }]);
  } else {
    await rpc(page, 'res.users', 'write', [users, { groups_id: [[4, partnerManager]] }]);
  }
  const initial = await xmlid(page, 'smart_pipeline.crm_stage_initial_contact');
  const proposal = await xmlid(page, 'smart_pipeline.crm_stage_proposal_sent');
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, LOGIN, LOGIN);
  await open(page, 'action=crm.crm_lead_opportunities_tree_view&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  const title = async (id) => (await page.innerText(
    `.o_kanban_group[data-id="${id}"] .o_column_title`)).trim();
  const names = { initial: await title(initial), proposal: await title(proposal) };
  console.log(JSON.stringify(names));
  await shot(page, 'french_kanban_stages');
  if (names.initial !== 'Premier contact' || names.proposal !== 'Proposition envoyée') {
    throw new Error(`stages not under the addon's French names: ${JSON.stringify(names)}`);
  }

  // a new line of a customer's Conversations tab: "Créer : Conversations"
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Client français ${Date.now() % 100000}`, is_company: true, customer: true,
  }]);
  await open(page, `model=res.partner&id=${customer}&view_type=form`);
  await page.click('.o_form_button_edit');
  await settle(page);
  await page.click('.o_notebook a:has-text("Conversations")');
  await page.click('.o_sp_conversation_log .o_field_x2many_list_row_add a');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const dialogTitle = (await page.innerText('.modal .modal-title')).trim();
  console.log(dialogTitle);
  await shot(page, 'french_conversation_dialog');
  if (!/^Créer\s*:?\s+Conversations$/.test(dialogTitle)) {
    throw new Error(`the dialog title is not spaced: "${dialogTitle}"`);
  }
  await page.click('.modal .modal-footer button:has-text("Annuler"), .modal .close');
  await settle(page);
  await page.click('.o_form_button_cancel');
  await settle(page);

  // the overview's seven tiles on one row
  await open(page, 'action=smart_pipeline.crm_pipeline_overview_action');
  await page.waitForSelector('.o_pipeline_overview_tiles .o_pipeline_overview_tile');
  await settle(page, 800);
  const tops = await page.$$eval('.o_pipeline_overview_tiles .o_pipeline_overview_tile',
    (tiles) => tiles.slice(0, 7).map((tile) => Math.round(tile.getBoundingClientRect().top)));
  console.log(JSON.stringify(tops));
  await shot(page, 'french_overview_tiles');
  if (tops.length !== 7 || new Set(tops).size !== 1) {
    throw new Error(`the overview tiles do not fit one row: tops ${JSON.stringify(tops)}`);
  }

  // the Excel file is named in French
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click('.o_pipeline_overview_xlsx'),
  ]);
  const filename = file.suggestedFilename();
  console.log(filename);
  if (!/^Vue d.ensemble du pipeline commercial \d{4}-\d{2}-\d{2}\.xlsx$/.test(filename)) {
    throw new Error(`the Excel file is not named in French: "${filename}"`);
  }
}, DESKTOP);
