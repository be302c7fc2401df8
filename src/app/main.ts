// App shell (placeholder until the GPU runtime lands): shows whether WebGPU is available.
const root = document.getElementById('app')!;

async function start(): Promise<void> {
  if (!('gpu' in navigator)) {
    root.textContent = 'WebGPU is not available in this browser.';
    return;
  }
  const adapter = await navigator.gpu.requestAdapter();
  root.innerHTML = '';
  const p = document.createElement('p');
  p.id = 'adapter';
  p.textContent = adapter ? `${adapter.info.vendor} ${adapter.info.architecture} ${adapter.info.description}` : 'no adapter';
  root.append(p);
}

void start();
