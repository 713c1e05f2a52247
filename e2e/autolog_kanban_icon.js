// The kanban cards of the customer's Conversations tab show where each line
// comes from (issue 23): on a phone (where the tab shows cards), a customer
// with four lines on fixed past days, one per source, made here as the
// administrator (only the addon, or the superuser, sets a source). Cards of
// e-mail, meeting and call lines carry their icon (envelope, calendar,
// telephone); the card of a line typed by hand carries none.
'use strict';
const { run, login, open, settle, shot, rpc, PHONE } = require('./lib');

const SOURCES = {
  manual: { note: 'Typed at the fair', date: '2025-02-03 09:00:00' },
  email: { note: 'E-mail: the offer', date: '2025-02-04 09:00:00' },
  meeting: { note: 'Meeting: product demo', date: '2025-02-05 09:00:00' },
  call: { note: 'Call: price question', date: '2025-02-06 09:00:00' },
};

run('autolog_kanban_icon', async (page) => {
  await login(page);
  const stamp = `${Date.now() % 100000}`;
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Icon Optics ${stamp}`, is_company: true, customer: true,
  }]);
  for (const [source, line] of Object.entries(SOURCES)) {
    await rpc(page, 'crm.conversation', 'create', [{
      partner_id: customer, source, date_begin: line.date, note: `${line.note} ${stamp}`,
      completed: true,
    }]);
  }

  await open(page, `model=res.partner&id=${customer}&view_type=form`);
  await page.waitForSelector('.o_form_view .o_notebook', { timeout: 60000 });
  await page.tap('.o_notebook a:has-text("Conversations")');
  await settle(page, 700);
  await page.waitForSelector('.o_sp_conversation_log .o_kanban_record');
  const cards = await page.evaluate(() => [...document.querySelectorAll(
    '.o_sp_conversation_log .o_kanban_record:not(.o_kanban_ghost)')].map((card) => ({
    text: card.innerText,
    icons: ['email', 'meeting', 'call'].filter(
      (source) => card.querySelector(`.o_sp_source_${source}`)),
    visible: [...card.querySelectorAll('[class*="o_sp_source_"]')].every(
      (icon) => icon.getBoundingClientRect().width > 0),
  })));
  console.log(JSON.stringify(cards));
  await shot(page, 'autolog_kanban_icon');
  for (const [source, line] of Object.entries(SOURCES)) {
    const card = cards.find((c) => c.text.includes(`${line.note} ${stamp}`));
    if (!card) {
      throw new Error(`no card for the ${source} line`);
    }
    const expected = source === 'manual' ? [] : [source];
    if (JSON.stringify(card.icons) !== JSON.stringify(expected) || !card.visible) {
      throw new Error(`the ${source} card shows ${JSON.stringify(card.icons)}, not ${JSON.stringify(expected)}`);
    }
  }
}, PHONE);
