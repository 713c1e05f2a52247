// Excel downloads (OCA report_xlsx): the Excel button of the Sales Pipeline
// Overview and "Download Excel" of the Print Daily Follow-up Report dialog
// each download a workbook, read back with openpyxl.
'use strict';
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');
const { run, login, rpc, open, settle, shot } = require('./lib');

const PYTHON = path.join(__dirname, '..', '.venv', 'bin', 'python');

// {sheet: {first cell of a row: second cell}} of a workbook
function readWorkbook(file) {
  const script = `
import json, sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], data_only=True)
print(json.dumps({s.title: {str(r[0]): r[1] for r in s.iter_rows(values_only=True) if r and r[0] is not None}
                  for s in book.worksheets}, default=str))`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, file]).toString());
}

async function download(page, selector, name) {
  const [file] = await Promise.all([
    page.waitForEvent('download', { timeout: 120000 }),
    page.click(selector),
  ]);
  if (!file.suggestedFilename().endsWith('.xlsx')) {
    throw new Error(`not an Excel file: ${file.suggestedFilename()}`);
  }
  const target = path.join(os.tmpdir(), `e2e-${Date.now()}-${name}`);
  await file.saveAs(target);
  console.log(`download ${target}`);
  return readWorkbook(target);
}

run('excel_downloads', async (page) => {
  await login(page);
  // one sales conversation on a fixed past day: "All Time" holds it
  const [stage] = await rpc(page, 'ir.model.data', 'search_read',
    [[['module', '=', 'smart_pipeline'], ['name', '=', 'crm_stage_initial_contact']]],
    { fields: ['res_id'] });
  const name = `Excel Customer ${Date.now() % 100000}`;
  const partnerId = await rpc(page, 'res.partner', 'create', [{ name, customer: true }]);
  await rpc(page, 'crm.conversation', 'create', [{
    partner_id: partnerId, stage_id: stage.res_id,
    date_begin: '2025-03-10 09:00:00', duration: 30, note: 'Excel export check',
  }]);

  await open(page, 'action=smart_pipeline.crm_pipeline_overview_action');
  await page.addStyleTag({ content: '.o_tooltip { display: none !important; }' });
  await page.waitForSelector('.o_pipeline_overview_tiles .o_pipeline_overview_tile');
  await page.click('.o_search_options .o_dropdown_toggler_btn:has-text("Period")');
  await page.click('.o_pipeline_overview_period[data-period="all"]');
  await settle(page);
  await page.click('.o_pipeline_overview_content');
  await shot(page, 'pipeline_overview_excel_button');
  const overview = await download(page, '.o_pipeline_overview_xlsx', 'overview.xlsx');
  const sheet = overview.Overview;
  if (!sheet || sheet.Period !== 'All Time' || !(sheet['In Pipeline'] >= 1)) {
    throw new Error(`unexpected overview workbook: ${JSON.stringify(sheet).slice(0, 500)}`);
  }
  if (overview.Flow && !('Revenue per Day' in overview.Flow)) {
    throw new Error('the Flow sheet has no velocity');
  }

  // the follow-up statistics, from the daily report dialog
  await open(page, 'action=smart_pipeline.crm_followup_statistics_action');
  await page.evaluate(() => {
    window.location.hash = 'action=smart_pipeline.crm_followup_report_wizard_action';
  });
  await page.waitForSelector('.modal button[name=action_export_xlsx]');
  await page.fill('.modal input[name=date_from]', '03/01/2025');
  await page.click('.modal .modal-title');  // closes the date picker
  await settle(page);
  await shot(page, 'followup_report_wizard_excel');
  const statistics = await download(page, '.modal button[name=action_export_xlsx]',
    'statistics.xlsx');
  const stats = statistics['Follow-up Statistics'];
  if (!stats || stats['Statistics From'] !== '03/01/2025' || !(stats.Total >= 1)) {
    throw new Error(`unexpected statistics workbook: ${JSON.stringify(statistics).slice(0, 500)}`);
  }
});
