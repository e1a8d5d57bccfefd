// Automation: stage playbooks make their tasks when a deal enters a stage, required
// fields stop a move, a follow-up rule makes one task per cause (kept after reload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browser, root, serveApp } from './support/app.mjs';
import { newPage, screenshot, countRecords } from './support/browser.mjs';

serveApp();

function isoDay(offsetDays = 0) {
  const d = new Date();
  d.setDate(d.getDate() + offsetDays);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function createDeal(page, { name, amount, close }) {
  await page.goto(root.url + '/deals/new');
  await page.getByLabel(/^Deal name/).fill(name);
  if (amount) await page.getByLabel(/^Amount/).fill(amount);
  if (close) await page.getByLabel('Expected close').fill(close);
  await page.getByRole('button', { name: 'Create deal' }).click();
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

// Saves the open deal form and waits for its notice to come and go (so the next
// save's notice is not mistaken for this one).
async function saveDeal(page, name) {
  await page.getByRole('button', { name: 'Save deal' }).click();
  const notice = page.getByText(`Saved ${name}`);
  await notice.waitFor();
  await notice.waitFor({ state: 'hidden' });
}

test('a deal moved into Proposal gets its playbook tasks on My day, once', async () => {
  const { context, page, problems } = await newPage(browser);
  await createDeal(page, { name: 'Acme renewal', amount: '12,000', close: isoDay(30) });
  // Entering Prospecting (on creation) made its two tasks.
  const next7 = page.getByRole('list', { name: 'Next 7 days' });
  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await next7.getByText('Research the account and find the decision maker').waitFor();

  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: 'Acme renewal' }).click();
  await page.getByLabel(/^Stage/).selectOption({ label: 'Proposal · 60%' });
  await saveDeal(page, 'Acme renewal');

  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await next7.getByText('Send the proposal').waitFor();
  await next7.getByText('Walk the buyer through the proposal').waitFor();
  await screenshot(page, 'my-day-playbook');

  // Back to Qualification and into Proposal again: nothing is repeated.
  await page.getByRole('link', { name: 'Deals', exact: true }).click();
  await page.getByRole('link', { name: 'Acme renewal' }).click();
  await page.getByLabel(/^Stage/).selectOption({ label: 'Qualification · 20%' });
  await saveDeal(page, 'Acme renewal');
  await page.getByLabel(/^Stage/).selectOption({ label: 'Proposal · 60%' });
  await saveDeal(page, 'Acme renewal');
  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await next7.getByText('Send the proposal').waitFor();
  assert.equal(await next7.getByText('Send the proposal').count(), 1);
  // Prospecting 2 + Proposal 2 + Qualification 1.
  assert.equal(await countRecords(page, 'activities'), 5);
  assert.deepEqual(problems, []);
  await context.close();
});

test('next best actions: an overdue next step offers a one-click call and setting the next step', async () => {
  const { context, page, problems } = await newPage(browser);
  await createDeal(page, { name: 'Globex pilot', amount: '5,000', close: isoDay(30) });
  await page.getByLabel('Next step', { exact: true }).fill('Send the pricing');
  await page.getByLabel('Next step due').fill(isoDay(-2));
  await saveDeal(page, 'Globex pilot');

  await page.getByRole('link', { name: 'My day', exact: true }).click();
  const actions = page.getByRole('list', { name: 'Next best actions' });
  const item = actions.getByRole('listitem').filter({ hasText: 'Globex pilot: Send the pricing' });
  await item.waitFor();
  // Prospecting is 10%: $500.00 of the $5,000 counts.
  assert.match(await item.textContent(), /Next step 2 days overdue · \$500\.00 weighted/);
  await screenshot(page, 'my-day-next-actions');
  const before = await countRecords(page, 'activities');
  await item.getByRole('button', { name: 'Log a call' }).click();
  await page.getByText('Call logged').waitFor();
  assert.equal(await countRecords(page, 'activities'), before + 1);

  // Setting the next step opens the deal; a new due date takes it off the list.
  await item.getByRole('link', { name: 'Set the next step' }).click();
  await page.getByRole('heading', { level: 1, name: 'Globex pilot' }).waitFor();
  assert.equal(await page.getByLabel('Next step', { exact: true }).inputValue(), 'Send the pricing');
  await page.getByLabel('Next step due').fill(isoDay(3));
  await saveDeal(page, 'Globex pilot');
  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await page.getByRole('heading', { name: 'Next best actions' }).waitFor();
  assert.equal(await page.getByText('Globex pilot: Send the pricing').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('a pipeline without playbooks gets the suggested ones on request, kept after reload', async () => {
  const { context, page, problems } = await newPage(browser);
  await page.goto(root.url + '/settings');
  const tasks = page.getByLabel(/^Tasks on entering/);
  await tasks.first().waitFor();
  const names = await page.getByLabel('Stage name').evaluateAll((els) => els.map((e) => e.value));
  const i = names.indexOf('Proposal');
  assert.ok(i >= 0, names.join(', '));
  // As a workspace made before playbooks: Proposal has no tasks.
  await tasks.nth(i).fill('');
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await page.getByText('Pipeline saved').waitFor();
  await page.reload();
  await tasks.nth(i).waitFor();
  assert.equal(await tasks.nth(i).inputValue(), '');

  await page.getByRole('button', { name: 'Fill in the suggested playbooks' }).click();
  await page.getByText('Suggested tasks filled in for 1 stage: review them, then save the pipeline').waitFor();
  assert.match(await tasks.nth(i).inputValue(), /Send the proposal \| 1/);
  await page.getByRole('button', { name: 'Save pipeline' }).click();
  await page.getByText('Pipeline saved').waitFor();
  await page.reload();
  await tasks.nth(i).waitFor();
  assert.match(await tasks.nth(i).inputValue(), /Walk the buyer through the proposal/);
  await screenshot(page, 'settings-pipeline-stages');
  await page.getByRole('button', { name: 'Fill in the suggested playbooks' }).click();
  await page.getByText('Every stage with a suggestion already has its tasks').waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a missing required field stops a move on the board with its reason', async () => {
  const { context, page, problems } = await newPage(browser, { width: 1800 });
  await createDeal(page, { name: 'No date deal', amount: '900' });
  await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
  const card = page.getByRole('listitem', { name: /No date deal/ });
  await card.dragTo(page.getByRole('region', { name: 'Proposal stage' }));
  await page.getByText('Proposal needs an expected close date before a deal enters it').waitFor();
  await screenshot(page, 'board-required-field');
  assert.match(await page.getByRole('region', { name: 'Prospecting stage' }).textContent(), /No date deal/);
  assert.doesNotMatch(await page.getByRole('region', { name: 'Proposal stage' }).textContent(), /No date deal/);
  // The form says the same, on the field.
  await page.getByRole('link', { name: 'No date deal' }).click();
  await page.getByLabel(/^Stage/).selectOption({ label: 'Proposal · 60%' });
  await page.getByRole('button', { name: 'Save deal' }).click();
  await page.getByLabel('Expected close').and(page.locator('[aria-invalid="true"]')).waitFor();
  assert.ok((await page.getByText('Proposal needs an expected close date before a deal enters it').count()) >= 1);
  assert.deepEqual(problems, []);
  await context.close();
});

test('"no activity for 7 days" makes one task for a stale deal, still one after reload', async () => {
  const { context, page, problems } = await newPage(browser);
  await createDeal(page, { name: 'Quiet deal', amount: '500' });
  const dealId = new URL(page.url()).pathname.split('/').pop();
  // Backdate the deal straight in IndexedDB (as old data would be), then reload.
  await page.evaluate(
    ([id]) =>
      new Promise((resolve, reject) => {
        const req = indexedDB.open('salesdeck');
        req.onsuccess = () => {
          const db = req.result;
          const tx = db.transaction(['deals'], 'readwrite');
          const deals = tx.objectStore('deals');
          const get = deals.get(id);
          get.onsuccess = () => {
            const d = get.result;
            d.created_at = new Date(Date.now() - 12 * 86400000).toISOString();
            deals.put(d);
          };
          tx.oncomplete = () => { db.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [dealId],
  );
  await page.reload();
  await page.getByRole('link', { name: 'Automation', exact: true }).click();
  await page.getByLabel(/No activity on an open deal/).check();
  assert.equal(await page.getByLabel('Days without activity').inputValue(), '7');
  await page.getByRole('button', { name: 'Save rules' }).click();
  await page.getByText('Rules saved; they made 1 task').waitFor();
  const log = page.getByRole('list', { name: 'Automation log' });
  await log.getByText(/The rule “No activity for 7 days” made “Follow up on Quiet deal: nothing happened for 12 days”/).waitFor();
  await screenshot(page, 'automation-rules');

  const followUp = 'Follow up on Quiet deal: nothing happened for 12 days';
  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await page.getByRole('list', { name: 'Today' }).getByText(followUp).waitFor();
  await page.reload();
  await page.getByRole('list', { name: 'Today' }).getByText(followUp).waitFor();
  assert.equal(await page.getByText(followUp).count(), 1);
  const tasks = await page.evaluate(() => new Promise((resolve) => {
    const req = indexedDB.open('salesdeck');
    req.onsuccess = () => {
      const all = req.result.transaction('activities').objectStore('activities').getAll();
      all.onsuccess = () => resolve(all.result.filter((a) => a.subject.startsWith('Follow up')).length);
    };
  }));
  assert.equal(tasks, 1);

  // Undo from the log removes the task; the rule does not make it again.
  await page.getByRole('link', { name: 'Automation', exact: true }).click();
  await page.getByRole('button', { name: `Undo ${followUp}` }).click();
  await page.getByText('Undone: the task was removed').waitFor();
  await page.reload();
  await page.getByRole('list', { name: 'Automation log' }).getByText('Undone').first().waitFor();
  await page.getByRole('link', { name: 'My day', exact: true }).click();
  await page.getByRole('heading', { name: 'Today' }).waitFor();
  assert.equal(await page.getByText(followUp).count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a lead's score explains itself in the list, which sorts by it", async () => {
  const { context, page, problems } = await newPage(browser);
  for (const [name, source, email] of [['Ana Silva', 'Referral', 'ana@globex.io'], ['Bo Free', 'Website', 'bo@gmail.com']]) {
    await page.goto(root.url + '/leads/new');
    await page.getByLabel(/^Name/).fill(name);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Source').fill(source);
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }
  await page.getByRole('link', { name: 'Leads', exact: true }).click();
  const ana = page.getByRole('row', { name: /Ana Silva/ });
  await ana.waitFor();
  assert.match(await ana.textContent(), /35\s*Source Referral \+25 · Company e-mail \+10/);
  assert.match(await page.getByRole('row', { name: /Bo Free/ }).textContent(), /5\s*Source Website \+10 · Free e-mail address -5/);
  await page.getByLabel('Score at least').fill('30');
  await page.getByRole('row', { name: /Bo Free/ }).waitFor({ state: 'detached' });
  await ana.waitFor();
  await screenshot(page, 'lead-scores');
  assert.deepEqual(problems, []);
  await context.close();
});
