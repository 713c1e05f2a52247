// A lost position without a reason on the customer's Conversations tab: the
// salesperson types a line, picks the Lost position and saves without a
// reason. The line's dialog stays open, says what is missing and puts the
// cursor in the Lost Reason field, visible right under the position; the
// typed note is still there, and once the reason is given the line is logged
// with it. Checked on a laptop (1366x768) and on a phone (360x740, touch).
'use strict';
const {
  run, launch, assertNoError, login, open, settle, shot, rpc, xmlid, DESKTOP, PHONE,
  typedDate, newConversationLine, typeNote, typeField, pickInDialog,
} = require('./lib');
const { screensData } = require('./data/screens');

async function check(page, viewport) {
  await login(page);
  const data = await screensData(page);
  const stamp = `${viewport}-${Date.now() % 100000}`;
  // the check's own customer and lost reason
  const customerId = await rpc(page, 'res.partner', 'create', [{
    name: `Lost Reason Customer ${stamp}`, is_company: true, customer: true,
  }]);
  const reasonName = `Went with a competitor ${stamp}`;
  await rpc(page, 'crm.lost.reason', 'create', [{ name: reasonName }]);
  const lostId = await xmlid(page, 'smart_pipeline.crm_stage_lost');
  const [lost] = await rpc(page, 'crm.stage', 'read', [[lostId], ['name']]);
  await page.goto(`${process.env.ODOO_URL || 'http://localhost:8069'}/web/session/logout`);
  await login(page, data.login, data.login);

  await open(page, `model=res.partner&id=${customerId}&view_type=form`);
  await newConversationLine(page);
  const note = `They signed with the competitor last week (${stamp}).`;
  await typeNote(page, note);
  // a fixed past day: the line is history, not "now"
  await typeField(page, 'date_begin', typedDate('2025-03-10', '09:00:00'), 200);
  // choosing the lost position asks why at once
  await page.click('.modal [name=stage_id] input');
  await page.fill('.modal [name=stage_id] input', lost.name);
  await page.click(`.ui-autocomplete:visible li a:has-text("${lost.name}")`);
  const warning = page.locator('.modal:has(.o_dialog_warning)');
  await warning.waitFor();
  const question = await warning.innerText();
  if (!/Why was the sale lost\?/.test(question) || !/Lost Reason/.test(question)) {
    throw new Error(`the lost position does not ask for its reason: ${question}`);
  }
  await shot(page, `conversation_lost_reason_question_${viewport}`);
  await warning.locator('.modal-footer button').click();
  await warning.waitFor({ state: 'detached' });
  await page.waitForTimeout(300);
  let state = await fieldState(page);
  console.log(JSON.stringify(state));
  if (!state.open || state.note !== note || !state.visible || !state.focused) {
    throw new Error(`after the question the cursor is not in the Lost Reason: ${JSON.stringify(state)}`);
  }
  await shot(page, `conversation_lost_reason_focused_${viewport}`);

  // save without a reason anyway: the dialog stays, says what is missing,
  // and the cursor is back in the visible Lost Reason field
  await page.click('.modal [name=note]');
  await page.click('.modal .modal-footer button:has-text("Save & Close")');
  await page.waitForSelector('.o_notification');
  await page.waitForTimeout(300);
  state = await fieldState(page);
  console.log(JSON.stringify(state));
  await shot(page, `conversation_lost_reason_asked_${viewport}`);
  if (!state.open || state.note !== note) {
    throw new Error(`the typed line was dropped: ${JSON.stringify(state)}`);
  }
  if (!state.invalid || !state.visible || !state.focused) {
    throw new Error(`the lost reason is not asked for: ${JSON.stringify(state)}`);
  }
  if (!/Lost Reason/.test(state.notification)) {
    throw new Error(`no message names the missing reason: ${JSON.stringify(state)}`);
  }
  const before = await rpc(page, 'crm.conversation', 'search_count',
    [[['partner_id', '=', customerId]]]);
  if (before !== 0) { throw new Error('a line without its reason was logged'); }

  // the reason given, the line is logged with it
  await pickInDialog(page, 'lost_reason_id', reasonName);
  await page.click('.modal .modal-footer button:has-text("Save & Close")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);
  await page.click('.o_form_button_save');
  await settle(page, 800);
  const lines = await rpc(page, 'crm.conversation', 'search_read',
    [[['partner_id', '=', customerId]]],
    { fields: ['note', 'stage_id', 'lost_reason_id', 'date_begin'] });
  if (lines.length !== 1 || lines[0].note !== note || lines[0].stage_id[0] !== lostId
      || !lines[0].date_begin.startsWith('2025-03-10')
      || !lines[0].lost_reason_id || lines[0].lost_reason_id[1] !== reasonName) {
    throw new Error(`the line was not logged with its reason: ${JSON.stringify(lines)}`);
  }
  await shot(page, `conversation_lost_reason_logged_${viewport}`);
}

// The Lost Reason field of the line's dialog, as the salesperson sees it.
async function fieldState(page) {
  return page.evaluate(() => {
    const modal = document.querySelector('.modal .o_form_view');
    const field = modal && modal.querySelector('.o_field_widget[name=lost_reason_id]');
    const box = field && field.getBoundingClientRect();
    const notification = [...document.querySelectorAll('.o_notification')]
      .map((node) => node.innerText).join(' ');
    const active = document.activeElement;
    return {
      open: Boolean(modal),
      note: modal && modal.querySelector('[name=note]').value,
      invalid: Boolean(field && field.classList.contains('o_field_invalid')),
      visible: Boolean(box && box.width > 0 && box.top >= 0 && box.bottom <= window.innerHeight),
      focused: Boolean(field && active && field.contains(active)),
      notification,
    };
  });
}

run('conversation_lost_reason', async (page) => {
  await check(page, 'desktop');
  const phone = await launch(PHONE);
  try {
    await check(phone.page, 'phone');
    await assertNoError(phone.page);
  } catch (err) {
    await shot(phone.page, 'FAILED-conversation_lost_reason_phone').catch(() => {});
    throw err;
  } finally {
    await phone.browser.close();
  }
}, DESKTOP);
