// Escape in a date field of a dialog (issue 20, row 14), at 1366x768: a new
// conversation line of a customer's Conversations tab, its note typed, then
// Escape in Time Begin: the date picker closes, the dialog stays open with
// the note as typed.
'use strict';
const { run, login, open, settle, shot, rpc, DESKTOP } = require('./lib');

run('dialog_escape', async (page) => {
  await login(page);
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Escape Check ${Date.now() % 100000}`, is_company: true, customer: true,
  }]);
  await open(page, `model=res.partner&id=${customer}&view_type=form`);
  await page.click('.o_form_button_edit');
  await settle(page);
  await page.click('.o_notebook a:has-text("Conversations")');
  await page.click('.o_sp_conversation_log .o_field_x2many_list_row_add a');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  const note = 'Called about the quote: they want 40 units by March.';
  await page.fill('.modal [name=note]', note);
  await page.click('.modal [name=date_begin] input');
  await page.waitForSelector('.bootstrap-datetimepicker-widget', { state: 'visible' });
  await page.keyboard.press('Escape');
  await settle(page);
  await shot(page, 'dialog_escape_date_field');
  if (!await page.$('.modal .o_form_view [name=note]')) {
    throw new Error('Escape in a date field closed the dialog: the typed note is lost');
  }
  const kept = await page.inputValue('.modal [name=note]');
  if (kept !== note) { throw new Error(`the note changed: "${kept}"`); }
  if (await page.isVisible('.bootstrap-datetimepicker-widget')) {
    throw new Error('the date picker is still open');
  }
  await page.click('.modal .modal-footer button:has-text("Discard"), .modal .close');
  await settle(page);
  await page.click('.o_form_button_cancel');
  await settle(page);
}, DESKTOP);
