// Lead scoring: the user's weights change a lead's score and its explanation (kept
// after reload; bad input changes nothing), and the learned model shows its holdout
// accuracy and each lead's learned chance with the demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot, createDemo } from './support/browser.mjs';

serveApp();

test("editing a weight changes a lead's score and its explanation, also after reload", async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/leads/new');
  await page.getByLabel(/^Name/).fill('Vera Vance');
  await page.getByLabel('E-mail').fill('vera@corp.io');
  await page.getByLabel('Source').fill('Webinar');
  await page.getByLabel('Job title').fill('VP Sales');
  await page.getByLabel('Employees').fill('1,200');
  await page.getByRole('button', { name: 'Create lead' }).click();
  await page.getByRole('heading', { level: 1, name: 'Vera Vance' }).waitFor();
  // The lead's own page shows its score and why, and follows an edit of the lead.
  const panel = page.getByRole('region', { name: 'Lead score' });
  assert.match(await panel.textContent(), /Score 60 Source Webinar \+15 · Title VP \+20/);
  assert.match(await panel.textContent(), /No learned chance yet: 0 of 30/);
  await page.getByLabel('Job title').fill('Director of Sales');
  await page.getByRole('button', { name: 'Save lead' }).click();
  await panel.getByText(/^Score 55$/).waitFor();
  assert.match(await panel.textContent(), /Title Director \+15/);
  await page.getByLabel('Job title').fill('VP Sales');
  await page.getByRole('button', { name: 'Save lead' }).click();
  await panel.getByText(/^Score 60$/).waitFor();
  await screenshot(page, 'lead-page-score');

  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  const vera = page.getByRole('row', { name: /Vera Vance/ });
  // Webinar 15 + VP 20 + 1000+ employees 15 + company e-mail 10.
  assert.match(await vera.textContent(), /60\s*Source Webinar \+15 · Title VP \+20 · Company size 1000\+ employees \+15 · Company e-mail \+10/);
  assert.match(await vera.textContent(), /1,200 employees/);

  await page.getByRole('link', { name: 'Lead scoring', exact: true }).click();
  // Bad input: refused with its reason, nothing saved.
  await page.getByLabel('Days after which an activity counts half').fill('0');
  await page.getByLabel(/^Points per title keyword/).fill('VP: 40\nDirector twenty');
  await page.getByRole('button', { name: 'Save weights' }).click();
  await page.getByText('Nothing was saved: 2 fields need attention.').waitFor();
  await page.getByText('Line 2: write “name: points”, like “VP: 20”').waitFor();
  await page.getByText('Enter the days after which an activity counts half, from 1 to 365').waitFor();
  await page.reload();
  assert.equal(await page.getByLabel('Days after which an activity counts half').inputValue(), '10');
  assert.match(await page.getByLabel(/^Points per title keyword/).inputValue(), /^Chief: 25\nCEO: 25/);

  // A good edit: VP is worth 40 now.
  await page.getByLabel(/^Points per title keyword/).fill('VP: 40\nDirector: 15');
  await page.getByRole('button', { name: 'Save weights' }).click();
  await page.getByText('Weights saved; every lead is scored with them now').waitFor();
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  await vera.waitFor();
  assert.match(await vera.textContent(), /80\s*Source Webinar \+15 · Title VP \+40/);
  await page.reload();
  await vera.waitFor();
  assert.match(await vera.textContent(), /80\s*Source Webinar \+15 · Title VP \+40/);
  await page.getByRole('link', { name: 'Lead scoring', exact: true }).click();
  assert.equal(await page.getByLabel(/^Points per title keyword/).inputValue(), 'VP: 40\nDirector: 15');
  // Too few closed-out leads: the learned model says what it needs.
  await page.getByText('Not enough converted or disqualified leads yet: 0 of 30 needed.').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("the learned model shows its holdout accuracy and each lead's chance with the demo", async () => {
  const { context, page, problems } = await newPage(browser, { width: 1600 });
  await createDemo(page, root.url, 'small');
  await page.getByRole('link', { name: 'Lead scoring', exact: true }).click();
  const learned = page.getByRole('region', { name: 'Learned model' });
  await learned.getByText(/Holdout accuracy \d+%: always guessing “(converted|disqualified)” would be right \d+%\./).waitFor();
  await learned.getByText(/^Learned from \d+ converted and \d+ disqualified leads; trained on \d+, tested on the \d+ held out\.$/).waitFor();
  assert.ok((await learned.getByRole('row').count()) > 3);
  // No factor reads as zero, and a model no better than the majority guess says so.
  assert.doesNotMatch(await learned.textContent(), /×0\.0(?!\d)/);
  const [, acc, base] = (await learned.textContent()).match(/Holdout accuracy (\d+)%: .* would be right (\d+)%/);
  const warned = await learned.getByText(/^On the held-out leads it does no better than that guess yet/).count();
  assert.equal(warned, Number(acc) <= Number(base) ? 1 : 0, `accuracy ${acc}% vs ${base}%`);
  await screenshot(page, 'lead-scoring-demo');
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  await page.getByRole('columnheader', { name: /Learned chance/ }).waitFor();
  const first = page.getByRole('row').nth(1);
  assert.match(await first.textContent(), /\d+%\s*\S.* ×\d/);
  // The score columns fit the page and a row stays a line or three, not a tower.
  const header = await page.getByRole('columnheader', { name: /Learned chance/ }).boundingBox();
  assert.ok(header.x + header.width <= 1600, `Learned chance ends at ${header.x + header.width}px`);
  const row = await first.boundingBox();
  assert.ok(row.height < 160, `a lead row is ${row.height}px tall`);
  await screenshot(page, 'leads-demo');
  assert.deepEqual(problems, []);
  await context.close();
});
