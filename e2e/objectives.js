// Commercial objectives: My Objectives kanban, team list with
// progress bars, kanban per assignee, objective form, analysis graph and
// pivot over periods, configuration apply wizard, salesperson's view.
'use strict';
const { run, login, rpc, open, settle, shot } = require('./lib');

run('objectives', async (page) => {
  await login(page);
  // a current objective of the administrator and one of the salesperson,
  // whatever the day: open-ended monthly objectives started on a fixed day
  const users = await rpc(page, 'res.users', 'search_read',
    [[['login', 'in', ['admin', 'demo']]], ['login']]);
  for (const user of users) {
    await rpc(page, 'crm.objective', 'create', [{
      name: `Monthly calls of ${user.login}`, user_id: user.id, period_type: 'recurring',
      recurrence: 'monthly', date_start: '2025-01-01',
      line_ids: [[0, 0, { measure: 'conversation_count', target: 40 }]],
    }]);
  }
  await open(page, 'action=smart_pipeline.crm_objective_action_my&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_record');
  await shot(page, 'objective_my_kanban');

  await open(page, 'action=smart_pipeline.crm_objective_action&view_type=list');
  await page.click('.o_list_view .o_group_header');
  await page.waitForSelector('.o_list_view .o_progressbar');
  await settle(page);
  await shot(page, 'objective_team_list');

  await open(page, 'action=smart_pipeline.crm_objective_action&view_type=kanban');
  await page.waitForSelector('.o_kanban_view .o_kanban_group');
  await shot(page, 'objective_kanban_assignee');

  await open(page, 'action=smart_pipeline.crm_objective_action&view_type=list');
  await page.click('.o_list_view .o_group_header');
  await settle(page);
  await page.click('.o_list_view .o_data_row td:nth-child(3)');
  await page.waitForSelector('.o_form_view .o_field_one2many .o_progressbar');
  await settle(page);
  await shot(page, 'objective_form');

  await open(page, 'action=smart_pipeline.crm_objective_analysis_action');
  await page.waitForSelector('.modal .o_form_view');
  await page.click('.modal .modal-title');
  await settle(page);
  await shot(page, 'objective_analysis_wizard');
  await page.click('.modal button[name=action_open_lines]');
  await page.waitForSelector('.o_graph_svg_container svg, .o_graph canvas, .o_graph_container svg',
    { timeout: 30000 });
  await settle(page, 1000);
  await shot(page, 'objective_graph');
  await page.click('.o_cp_switch_buttons button[data-view-type=pivot]');
  await page.waitForSelector('.o_pivot table');
  await settle(page);
  await shot(page, 'objective_pivot');

  await open(page, 'action=smart_pipeline.crm_objective_apply_action');
  await page.waitForSelector('.modal .o_form_view');
  await shot(page, 'objective_apply_wizard');

  await page.goto(page.url().split('/web')[0] + '/web/session/logout');
  await login(page, 'demo', 'demo');
  await open(page, 'action=smart_pipeline.crm_objective_action_my&view_type=list');
  await page.waitForSelector('.o_list_view');
  await shot(page, 'objective_my_list_salesperson');
});

// A sales manager creates an objective in the form: the measure's actual
// figure is computed before saving, and the chatter logs the creation.
run('objective_create', async (page) => {
  await login(page);
  await open(page, 'action=smart_pipeline.crm_objective_action&view_type=form');
  await page.waitForSelector('.o_form_view.o_form_editable');
  await page.fill('.o_field_widget[name=name]', 'Autumn phone campaign');
  await page.click('.o_field_widget[name=user_id] input');
  await page.fill('.o_field_widget[name=user_id] input', 'Demo');
  await page.click('.ui-autocomplete li a:has-text("Demo User")');
  // picked (under load the save once came before the salesperson was set)
  await page.waitForFunction(() => document.querySelector(
    '.o_field_widget[name=user_id] input').value === 'Demo User');
  await settle(page);
  await page.fill('.o_field_widget[name=date_start] input', '09/01/2026');
  await page.fill('.o_field_widget[name=date_end] input', '11/30/2026');
  await page.click('.o_form_view h1');
  await settle(page);
  await page.click('.o_field_x2many_list_row_add a');
  await settle(page);
  await page.selectOption('.o_data_row select[name=measure]', '"conversation_count"');
  await settle(page);
  await page.fill('.o_data_row .o_field_widget[name=target]', '60');
  await page.click('.o_form_view h1');
  await settle(page);
  await shot(page, 'objective_form_edit');
  await page.click('.o_form_button_save');
  await settle(page, 800);
  await page.waitForSelector('.o_form_view.o_form_readonly');
  await shot(page, 'objective_form_saved');
});
