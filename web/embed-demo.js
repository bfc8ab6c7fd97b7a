// The demo docs page (embed.html): copy buttons, the element's report, and the iframe
// driven through its message API — the code shown on the page, run for real.
for (const button of document.querySelectorAll('[data-copy]')) {
  button.addEventListener('click', async () => {
    const text = document.getElementById(button.dataset.copy).textContent;
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = 'Copied';
    } catch {
      button.textContent = 'Select and copy';
    }
  });
}

const summary = (report) => report.definitions.map((d) => `${d.name}: ${d.summary.count} values, final ${d.summary.final ?? '—'}`).join(' · ');

document.getElementById('demo-element').addEventListener('metrex-report', (e) => {
  document.getElementById('element-report').textContent = summary(e.detail.report);
});

const frame = document.getElementById('demo-frame');
addEventListener('message', (e) => {
  if (e.source !== frame.contentWindow || !e.data || typeof e.data !== 'object') return;
  if (e.data.type === 'metrex:ready') {
    frame.contentWindow.postMessage({
      type: 'metrex:evaluate',
      definitions: '[{"Name": "val:error", "Regex": "#011validation-error:([0-9.]+)"}]',
      log: '[0]\ttrain-error:0.16\tvalidation-error:0.14\n[1]\ttrain-error:0.12\tvalidation-error:0.11\n',
      options: { escape: true },
    }, location.origin);
  }
  if (e.data.type === 'metrex:report') document.getElementById('frame-report').textContent = summary(e.data.report);
});
