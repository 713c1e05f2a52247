// Check Duplicates as a salesperson (with contact creation rights), on its
// own data. At 1366x768: contacts selected in the list are the starting
// point; the default comparison (one of email, phone) finds both groups;
// the fields read "Email", "Phone" without technical suffixes; a merge comes
// back to the remaining group, the last merge ends on the surviving contact,
// and every conversation line stays on the survivors.
'use strict';
const { run, open, settle, shot, rpc, DESKTOP } = require('./lib');
const {
  asSalesperson, line, checkFromSelection, runCheck, merge,
} = require('./data/duplicates');

run('check_duplicates', async (page) => {
  const data = await asSalesperson(page);
  const stamp = `${Date.now() % 100000}`;
  const email = `redwood.${stamp}@clinic.example.com`;
  const create = (values) => rpc(page, 'res.partner', 'create', [values]);
  const redwood = [
    await create({ name: `Redwood Clinic ${stamp}`, email, phone: `+32 2 555 ${stamp}` }),
    await create({ name: `Redwood Clinics ${stamp}`, email }),
    await create({ name: `Redwood reception ${stamp}`, email, phone: `+32.2.555.${stamp}` }),
  ];
  const birch = [
    await create({ name: `Birch Dental ${stamp}`, phone: `+32 9 444 ${stamp}` }),
    await create({ name: `Birch Dental (old) ${stamp}`, phone: `+32 (9) 444-${stamp}` }),
  ];
  const lines = [];
  for (const [i, partnerId] of [...redwood, ...birch].entries()) {
    lines.push(await line(page, partnerId, `2025-03-0${i + 1}`, `Duplicate check ${stamp} #${i}`));
  }

  // the list, filtered on the stamp, all rows selected
  await open(page, 'action=contacts.action_contacts&view_type=list');
  await page.type('.o_searchview_input', stamp);
  await page.waitForSelector('.o_searchview_autocomplete li');
  await page.keyboard.press('Enter');
  await settle(page, 600);
  const listed = await page.locator('.o_list_view .o_data_row').count();
  if (listed !== 5) { throw new Error(`the search should list 5 contacts, not ${listed}`); }
  await checkFromSelection(page, false);
  const selected = await page.innerText('.modal [name=selected_summary]');
  if (!/Birch Dental/.test(selected) || !/and 2 more/.test(selected)) {
    throw new Error(`selected contacts not the starting point: "${selected}"`);
  }
  await shot(page, 'check_duplicates_start');
  await runCheck(page, false);
  const rows = await page.locator('.modal .o_data_row').allInnerTexts();
  if (rows.length !== 2 || !rows.some((r) => r.includes(email))
      || !rows.some((r) => r.includes(`+32 9 444 ${stamp}`))) {
    throw new Error(`expected the email group and the phone group: ${JSON.stringify(rows)}`);
  }
  await shot(page, 'check_duplicates_contacts');

  // merge the Redwood group: back to the check, the Birch group left
  const submit = await merge(page, 'Redwood', 'Merge Contacts', false);
  await shot(page, 'check_duplicates_merge_contacts');
  await page.click(submit);
  // the merge rewrites every table pointing to partners: on a loaded machine
  // it outlasts settle(); wait for the check to come back
  await page.waitForSelector('.modal .alert-success:has-text("Merged into")', { timeout: 90000 });
  await settle(page, 600);
  const left = await page.locator('.modal .o_data_row').allInnerTexts();
  if (left.length !== 1 || !/Birch Dental/.test(left[0])) {
    throw new Error(`the remaining group should be Birch: ${JSON.stringify(left)}`);
  }
  const body = await page.innerText('body');
  if (/Maximum of Group/.test(body)) { throw new Error('Odoo\'s end screen shown'); }
  await shot(page, 'check_duplicates_after_merge');

  // merge the last group: ends on the surviving contact's form
  await page.click(await merge(page, 'Birch', 'Merge Contacts', false));
  await page.waitForSelector('.modal', { state: 'detached', timeout: 90000 });
  await settle(page, 600);
  const title = await page.innerText('.o_form_view .oe_title');
  if (!/Birch Dental/.test(title)) { throw new Error(`not on the survivor: "${title}"`); }
  await shot(page, 'check_duplicates_survivor');

  const survivors = await rpc(page, 'res.partner', 'search', [[['name', 'like', stamp]]]);
  const kept = await rpc(page, 'crm.conversation', 'search_read',
    [[['id', 'in', lines]]], { fields: ['partner_id'] });
  if (survivors.length !== 2 || kept.length !== lines.length
      || !kept.every((l) => survivors.includes(l.partner_id[0]))) {
    throw new Error(`lines not all on the survivors ${survivors}: ${JSON.stringify(kept)}`);
  }
  if (!data.userId) { throw new Error('no salesperson'); }
}, DESKTOP);

