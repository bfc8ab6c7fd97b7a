// A notebook cell written for the SageMaker Python SDK v3, pasted into the page.
// Selectors are plain CSS locators (they pierce open shadow roots), so the test
// holds whether the page lives in the document or in <metrex-playground>.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useServerAndBrowser, newPage } from './harness.mjs';

const env = useServerAndBrowser();

const CELL = `from sagemaker.train import ModelTrainer
from sagemaker.train.configs import SourceCode, Compute
from sagemaker.core.shapes import MetricDefinition

metric_definitions = [
    MetricDefinition(name="loss", regex="Loss: (.*?)"),
    MetricDefinition(
        name="train:loss",
        regex=r"Loss: ([0-9.]+)",
    ),
    MetricDefinition("val:acc", r'val_acc=([0-9.]+)'),
]

model_trainer = ModelTrainer(
    training_image=image,
    source_code=SourceCode(source_dir="src", entry_script="train.py"),
    compute=Compute(instance_type="ml.g5.xlarge", instance_count=1),
).with_metric_definitions(metric_definitions)
model_trainer.train()
`;

const LOG = `epoch 1 step 100 Loss: 0.91
epoch 1 val_acc=0.71
epoch 2 step 100 Loss: 0.52
epoch 2 val_acc=0.83
epoch 3 step 100 Loss: 0.25
`;

/** Waits until the card of metric `name` shows `count` values. */
async function waitForCount(page, name, count) {
  const card = page.locator(`[data-metric="${name}"]`);
  const deadline = Date.now() + 15000;
  let seen = null;
  while (Date.now() < deadline) {
    seen = (await card.count()) === 1 ? await card.getAttribute('data-count') : null;
    if (seen === count) return card;
    await page.waitForTimeout(50);
  }
  assert.fail(`card ${name}: data-count ${seen}, expected ${count}`);
}

async function open() {
  const session = await newPage(env.browser);
  await session.page.goto(env.server.url);
  // The first visit's example is on the page once the engine has run.
  await session.page.locator('[data-metric]').first().waitFor({ timeout: 15000 });
  return session;
}

test('an SDK v3 cell is read: MetricDefinition objects, positional ones too', async () => {
  const { page, context, errors } = await open();
  await page.locator('#log').fill(LOG);
  await page.locator('#definitions').fill(CELL);
  const trainLoss = await waitForCount(page, 'train:loss', '3');
  await waitForCount(page, 'val:acc', '2');
  // The SDK docstring's own regex captures empty text: three captures, all dropped.
  const loss = await waitForCount(page, 'loss', '0');
  const dropped = loss.locator('[data-capture]');
  assert.equal(await dropped.count(), 3);
  assert.equal(await dropped.first().getAttribute('data-value'), '');
  assert.deepEqual(
    await trainLoss.locator('[data-capture]').evaluateAll((els) => els.map((e) => [e.dataset.line, e.dataset.value])),
    [['1', '0.91'], ['3', '0.52'], ['5', '0.25']],
  );
  assert.equal((await page.locator('#format').textContent()).trim(), 'Python SDK v3');
  assert.equal(await page.locator('[data-metric]').count(), 3);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a misspelled keyword is an error on the page, though its regex works', async () => {
  const { page, context, errors } = await open();
  await page.locator('#log').fill('accuracy: 0.9667\n');
  await page.locator('#definitions').fill(`metric_definitions = [{'Name': 'test:accuracy', 'Regex': 'accuracy: ([0-9\\.]+)'}]
sklearn_estimator = SKLearn(
    entry_point='train_iris.py',
    role=role,
    metric_definitons=metric_definitions)
`);
  const card = await waitForCount(page, 'test:accuracy', '1');
  assert.match(await card.textContent(), /misspelled-keyword/);
  assert.match(await page.locator('#doc-warnings').textContent(), /`?metric_definitons`? is not a SageMaker SDK keyword/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the SDK v3 example of the Examples menu', async () => {
  const { page, context, errors } = await open();
  await page.locator('#example').selectOption('sdk-v3');
  await waitForCount(page, 'train:loss', '15');
  await waitForCount(page, 'train:accuracy', '15');
  await waitForCount(page, 'val:loss', '3');
  await waitForCount(page, 'loss', '0');
  assert.deepEqual(errors, []);
  await context.close();
});
