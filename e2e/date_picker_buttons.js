// Date pickers never cover a dialog's buttons (issue 20, row 14), at
// 1366x768: with the calendar open, a click at the centre of each button of
// its dialog or menu reaches the button (document.elementFromPoint), in the
// Sales Pipeline Overview's custom period (Apply), the Follow-up Report
// dialog (Print, Download Excel, Cancel) and the Log a Conversation dialog.
'use strict';
const { run, login, open, openMenu, settle, shot, rpc, DESKTOP } = require('./lib');

const PICKER = '.bootstrap-datetimepicker-widget';

// The buttons (selector) whose centre another element covers.
async function coveredButtons(page, selector) {
  return page.evaluate((sel) => [...document.querySelectorAll(sel)]
    .filter((button) => button.offsetParent !== null)
    .map((button) => {
      const box = button.getBoundingClientRect();
      const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return button.contains(hit) ? null
        : `"${button.innerText.trim()}" under ${hit ? hit.className || hit.tagName : 'nothing'}`;
    })
    .filter(Boolean), selector);
}

async function openPicker(page, input) {
  await page.click(input, { timeout: 10000 });
  await page.waitForSelector(PICKER, { state: 'visible' });
  await page.waitForTimeout(300);
}

async function closePicker(page) {
  await page.evaluate(() => {
    $('.o_datepicker_input').each(function () {
      const picker = $(this).data('DateTimePicker');
      if (picker) { picker.hide(); }
    });
  });
  await page.waitForSelector(PICKER, { state: 'hidden', timeout: 5000 }).catch(() => {});
}

run('date_picker_buttons', async (page) => {
  await login(page);
  const problems = [];
  const note = async (where, covered) => {
    covered.forEach((problem) => problems.push(`${where}: ${problem}`));
  };

  // 1. the overview's custom period: From, then To, then Apply
  await openMenu(page, 'crm.crm_menu_root');
  await openMenu(page, 'smart_pipeline.crm_pipeline_overview_menu');
  await page.waitForSelector('.o_pipeline_overview_tile');
  await page.click('.o_control_panel button.dropdown-toggle:has-text("Period")');
  await page.waitForSelector('.o_pipeline_overview_custom_dates', { state: 'visible' });
  for (const field of ['from', 'to']) {
    await openPicker(page, `.o_pipeline_overview_${field} input`);
    await shot(page, `date_picker_buttons_overview_${field}`);
    await note(`overview custom period, ${field}`,
      await coveredButtons(page, '.o_pipeline_overview_apply_custom'));
    await closePicker(page);
  }
  // the picker open, Apply takes the first click
  await page.fill('.o_pipeline_overview_from input', '01/01/2025');
  await page.fill('.o_pipeline_overview_to input', '03/31/2025');
  await openPicker(page, '.o_pipeline_overview_to input');
  await page.fill('.o_pipeline_overview_to input', '03/31/2025');
  const apply = await page.locator('.o_pipeline_overview_apply_custom').boundingBox();
  await page.mouse.click(apply.x + apply.width / 2, apply.y + apply.height / 2);
  await settle(page, 800);
  const facets = await page.innerText('.o_control_panel .o_searchview');
  if (!/2025/.test(facets)) {
    problems.push(`Apply with the picker open did not apply the period: "${facets}"`);
  }

  // 2. the Follow-up Report dialog: every date field
  await openMenu(page, 'smart_pipeline.crm_followup_report_wizard_menu');
  await page.waitForSelector('.modal .o_form_view');
  await settle(page);
  for (const field of ['date', 'date_from', 'date_to']) {
    await openPicker(page, `.modal [name=${field}] input`);
    await shot(page, `date_picker_buttons_followup_report_${field}`);
    await note(`Follow-up Report, ${field}`, await coveredButtons(page, '.modal-footer .btn'));
    await closePicker(page);
  }
  await page.click('.modal-footer button:has-text("Cancel")');
  await settle(page);

  // 3. the Log a Conversation dialog of a customer: its dates
  const customer = await rpc(page, 'res.partner', 'create', [{
    name: `Picker Customer ${Date.now() % 100000}`, is_company: true, customer: true,
  }]);
  await open(page, `model=res.partner&id=${customer}&view_type=form`);
  await page.click('.o_form_view button.o_sp_log_conversation');
  await page.waitForSelector('.modal [name=note]');
  await settle(page);
  for (const field of ['date_begin', 'date_end', 'follow_up_date']) {
    if (!await page.isVisible(`.modal [name=${field}] input`)) { continue; }
    await openPicker(page, `.modal [name=${field}] input`);
    await shot(page, `date_picker_buttons_conversation_${field}`);
    await note(`conversation dialog, ${field}`, await coveredButtons(page, '.modal-footer .btn'));
    await closePicker(page);
  }
  await page.click('.modal-footer button:has-text("Discard"), .modal .close');
  await settle(page);
  if (problems.length) { throw new Error(problems.join('\n')); }
}, DESKTOP);
