// The conversation line dialog keeps what the salesperson typed (issue 20,
// row 3): Duration 15 typed, then Time Begin back-dated to yesterday 18:00:
// the duration stays 15 and Time End moves to 18:15 (the duration silently
// became 391.63 minutes, Time End unmoved); back-dated further, still 15 and
// no "Duration must be between 0 and 600" about a value never typed; the
// note corrected afterwards leaves the chosen times (it reset Time Begin to
// now). Saved,
// the line has the begin, the end and the duration shown. On a laptop
// (1366x768) and on a phone (360x740, touch).
'use strict';
const {
  run, launch, assertNoError, login, open, settle, shot, rpc, today, DESKTOP, PHONE, BASE,
  typedDate, newConversationLine, typeNote, typeField,
} = require('./lib');
const { screensData } = require('./data/screens');

async function setBegin(page, value) {
  await typeField(page, 'date_begin', value);
}

async function dialogTimes(page) {
  return {
    begin: await page.inputValue('.modal [name=date_begin] input'),
    end: await page.inputValue('.modal [name=date_end] input'),
    duration: await page.inputValue('.modal input[name=duration], .modal [name=duration] input'),
  };
}

async function check(page, viewport) {
  await login(page);
  const data = await screensData(page);
  const stamp = `${viewport}-${Date.now() % 100000}`;
  const customerId = await rpc(page, 'res.partner', 'create', [{
    name: `Duration Customer ${stamp}`, is_company: true, customer: true,
  }]);
  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);

  await open(page, `model=res.partner&id=${customerId}&view_type=form`);
  await newConversationLine(page);
  const note = `Call about the spring order (${stamp})`;
  await typeNote(page, note);
  // Time End is in the dialog's "more" part on a small screen: show it
  const more = page.locator('.modal a:has-text("More"), .modal .o_sp_more_toggle');
  if (await more.count() && await more.first().isVisible()) {
    await more.first().click();
    await settle(page, 200);
  }
  await typeField(page, 'duration', '15');

  const yesterday = await today(page, -1);
  await setBegin(page, typedDate(yesterday, '18:00:00'));
  let times = await dialogTimes(page);
  if (!/^15(\.0+)?$/.test(times.duration) || times.end !== typedDate(yesterday, '18:15:00')) {
    throw new Error(`back-dating Time Begin changed the typed duration: ${JSON.stringify(times)}`);
  }
  await shot(page, `conversation_duration_kept_${viewport}`);
  const earlier = await today(page, -3);
  await setBegin(page, typedDate(earlier, '08:30:00'));
  times = await dialogTimes(page);
  if (!/^15(\.0+)?$/.test(times.duration) || times.end !== typedDate(earlier, '08:45:00')) {
    throw new Error(`back-dating further changed the typed duration: ${JSON.stringify(times)}`);
  }
  // the note corrected after the times were chosen: they stay (typing the
  // note fills them in only while the user has not set them)
  const amended = `${note}, confirmed`;
  await typeNote(page, amended);
  const after = await dialogTimes(page);
  if (JSON.stringify(after) !== JSON.stringify(times)) {
    throw new Error(`correcting the note reset the chosen times: ${JSON.stringify(after)}`
      + ` instead of ${JSON.stringify(times)}`);
  }
  await assertNoError(page);

  await page.click('.modal .modal-footer button:has-text("Save & Close")');
  await page.waitForSelector('.modal', { state: 'detached' });
  await settle(page);
  await page.click('.o_form_button_save');
  await settle(page, 800);
  const lines = await rpc(page, 'crm.conversation', 'search_read',
    [[['partner_id', '=', customerId], ['note', '=', amended]]],
    { fields: ['date_begin', 'date_end', 'duration'] });
  if (lines.length !== 1 || lines[0].duration !== 15) {
    throw new Error(`the line was not saved with its duration: ${JSON.stringify(lines)}`);
  }
  await shot(page, `conversation_duration_saved_${viewport}`);
}

run('conversation_duration', async (page) => {
  await check(page, 'desktop');
  const phone = await launch(PHONE);
  try {
    await check(phone.page, 'phone');
    await assertNoError(phone.page);
  } catch (err) {
    await shot(phone.page, 'FAILED-conversation_duration_phone').catch(() => {});
    throw err;
  } finally {
    await phone.browser.close();
  }
}, DESKTOP);
