import AxeBuilder from '@axe-core/playwright';
import { type Page } from '@playwright/test';

/** The WCAG rule sets axe checks, 2.2 AA (target size) included (issue 17). */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's serious and critical violations on the page as it is now (SPEC 7, 13). */
export async function seriousViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
}
