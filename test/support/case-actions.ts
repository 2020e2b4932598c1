import assert from 'node:assert/strict';
import type { Locator, Page, Request, Response } from 'playwright-core';

const isAction = (r: Request) => /\/api\/cases\/[^/]+\/actions$/.test(r.url()) && r.method() === 'POST';

/** Picks one of a dialog's button-style choices (e.g. 拆除) and waits until the page shows it chosen. */
export async function choose(page: Page, label: string) {
  const dialog = page.getByRole('dialog');
  await dialog.getByText(label, { exact: true }).click();
  await dialog.locator('.ant-radio-button-wrapper-checked').filter({ hasText: label }).waitFor();
}

/**
 * Presses a dialog's submit button until its request goes out, and returns the answer (90 s: the whole suite
 * on 2 cores). A press that sent nothing fails with the dialog's own complaint, if it shows one; if it shows
 * none and the button is still there to press, the user presses it once more (a press can land while the
 * dialog grows under the pointer, as when a choice adds a field).
 */
export async function submitDialog(page: Page, dialog: Locator, button: Locator, isRequest: (r: Request) => boolean, what: string): Promise<Response> {
  const answer = page.waitForResponse((r) => isRequest(r.request()), { timeout: 90_000 });
  let sent = false;
  const sending = page.waitForRequest(isRequest, { timeout: 90_000 }).then(() => {
    sent = true;
  });
  // a failure below is reported as such, not as these waits' later timeouts
  answer.catch(() => undefined);
  sending.catch(() => undefined);
  // a complaint from before (a value typed wrong and then corrected) goes first: the form must be clean to send
  const complaint = dialog.locator('.ant-form-item-explain-error').first();
  await complaint
    .waitFor({ state: 'hidden', timeout: 15_000 })
    .catch(async () => assert.fail(`${what}: the dialog still complains before the press: ${await complaint.innerText()}`));
  for (let press = 1; !sent; press++) {
    await button.click();
    const outcome = await Promise.race([
      sending.then(() => 'sent' as const),
      complaint.waitFor({ timeout: 15_000 }).then(
        () => 'invalid' as const,
        () => 'nothing' as const,
      ),
    ]);
    if (outcome === 'invalid' && !sent) assert.fail(`${what}: the dialog refused the form: ${await complaint.innerText()}`);
    if (outcome === 'nothing' && !sent) assert.ok(press < 2, `${what}: pressing twice sent nothing and the dialog said nothing`);
  }
  return answer;
}

/**
 * Takes a case through one step on the case page as the officer does: clicks the action, fills its dialog,
 * presses 提交 (submitDialog), reads the answer (a refusal fails with the server's reason), and waits for the
 * status the page's head then shows.
 */
export async function caseAct(page: Page, action: string, status: string, fill?: (p: Page) => Promise<void>) {
  await page.getByTestId('case-actions').getByRole('button', { name: action }).click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  if (fill) await fill(page);
  const r = await submitDialog(page, dialog, dialog.getByRole('button', { name: /提\s*交/ }), isAction, action);
  assert.equal(r.status(), 200, `${action}: ${await r.text()}`);
  await dialog.waitFor({ state: 'hidden' });
  await page.locator('.case-head').getByText(status, { exact: true }).waitFor();
}
