// The opportunity form as a salesperson, 1366x768 then 360x740: one
// referent (the addon's field; Odoo's free-text "Referred By" follows it and
// is not shown twice), and a "Contact preferences" group with both
// rejections. The lead record PDF (as HTML and as PDF) shows only sections
// with content: no empty "Marketing" section, the referent printed.
'use strict';
const fs = require('fs');
const path = require('path');
const {
  run, login, open, settle, shot, rpc, SHOTS, DESKTOP,
} = require('./lib');
const { screensData } = require('./data/screens');

const BASE = process.env.ODOO_URL || 'http://localhost:8069';

run('screens_opportunity', async (page) => {
  await login(page);
  const data = await screensData(page);
  const stamp = Date.now() % 100000;
  const opportunityId = await rpc(page, 'crm.lead', 'create', [{
    name: `Fleet renewal ${stamp}`, type: 'opportunity', partner_id: data.customerId,
    user_id: data.userId, referent_id: data.contactId, email_rejection: true,
    planned_revenue: 48000, date_deadline: '2025-06-30',
  }]);
  const leadId = await rpc(page, 'crm.lead', 'create', [{
    name: `Depot telematics ${stamp}`, type: 'lead', user_id: data.userId,
    contact_name: 'Nora Lane', partner_name: 'Northwind Screens Ltd',
    referent_id: data.contactId, call_rejection: true,
  }]);
  const bareId = await rpc(page, 'crm.lead', 'create', [{
    name: `Depot cameras ${stamp}`, type: 'lead', user_id: data.userId,
    contact_name: 'Nora Lane', partner_name: 'Northwind Screens Ltd',
  }]);
  const [stored] = await rpc(page, 'crm.lead', 'read', [[opportunityId], ['referred']]);
  if (stored.referred !== 'Nora Lane') {
    throw new Error(`Referred By does not follow the referent: ${stored.referred}`);
  }

  await page.goto(`${BASE}/web/session/logout`);
  await login(page, data.login, data.login);
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${opportunityId}&view_type=form`);
  const referent = await page.innerText('.o_form_view .o_field_widget[name=referent_id]');
  if (!/Nora Lane/.test(referent)) { throw new Error(`referent not shown: "${referent}"`); }
  await shot(page, 'opportunity_form_referent');
  await page.click('.o_notebook a:has-text("Contact Information")');
  await settle(page);
  const extra = await page.innerText('.o_notebook .tab-pane.active');
  if (!/Contact preferences/i.test(extra) || !/Call Rejection/i.test(extra)
      || !/Email Rejection/i.test(extra)) {
    throw new Error(`no Contact preferences group with both rejections: ${extra}`);
  }
  if (/Referred By/i.test(extra)) { throw new Error('Referred By shown next to the referent'); }
  await shot(page, 'opportunity_form_contact_preferences');

  // the lead's printable record: the Marketing section only with content
  const html = (id) => page.evaluate(async (leadId) => {
    const response = await fetch(`/report/html/smart_pipeline.crm_lead_report_template/${leadId}`);
    return response.text();
  }, id);
  const referred = await html(leadId);
  if (!/>\s*Marketing\s*</.test(referred) || !/Referent:[\s\S]*Nora Lane/.test(referred)) {
    throw new Error('the lead PDF does not print the referent under Marketing');
  }
  if (/>\s*Marketing\s*</.test(await html(bareId))) {
    throw new Error('the lead PDF prints an empty Marketing section');
  }
  const pdf = await page.evaluate(async (id) => {
    const response = await fetch(`/report/pdf/smart_pipeline.crm_lead_report_template/${id}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return Array.from(bytes);
  }, leadId);
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, 'lead_record.pdf');
  fs.writeFileSync(file, Buffer.from(pdf));
  if (Buffer.from(pdf).slice(0, 4).toString() !== '%PDF') { throw new Error('no PDF'); }
  console.log(`pdf ${file}`);

  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, `action=crm.crm_lead_opportunities_tree_view&model=crm.lead&id=${opportunityId}&view_type=form`);
  await shot(page, 'opportunity_form_phone');
}, DESKTOP);
