// `npm run bench -- kernels [--json out.json] [--quick]`: matmul / matvec speed on the
// WebGPU adapter, against two baselines measured in the same run: an FMA-bound kernel
// (the practical compute ceiling) and @tensorflow/tfjs-backend-webgpu on the same
// adapter. Our kernels are timed with timeGpu (timestamp queries where granted, else
// wall time); tfjs with wall time around a readback. Medians after a warm-up.
// On a CPU rasteriser every figure is also given per CPU-second of this process
// (`*_cpu` metrics): robust when other jobs share the machine's cores.
import { cpus } from 'node:os';
import { nodeGPU } from '../../src/host/node';
import { type GpuContext, createGpuContext, timeGpu } from '../../src/gpu';
import { MATMUL_VARIANTS, type MatmulVariant, fallbackVariant, isSoftwareAdapter, matmul } from '../../src/kernels/matmul';
import { MATVEC_VARIANTS, type MatvecVariant, matvec, matvecFallback } from '../../src/kernels/matvec';
import { expandTemplate } from '../../src/kernels/matmul_template';
import fmaSrc from '../../shaders/fma_peak.wgsl?raw';
import type { BenchResult, BenchSuite } from '../types';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `fn` reps times after one warm-up; returns median wall ms, median timed ms and CPU ms. */
async function measure(reps: number, fn: () => Promise<number | void>): Promise<{ ms: number; cpuMs: number }> {
  await fn();
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const timed = await fn();
    const wall = performance.now() - t0;
    const c = process.cpuUsage(c0);
    ms.push(typeof timed === 'number' ? timed : wall);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(ms), cpuMs: median(cpu) };
}

function fill(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((((i + seed) * 2654435761) >>> 0) % 2001) / 1000 - 1;
  return out;
}

async function fmaPeak(ctx: GpuContext, metrics: Record<string, number>, cores: number): Promise<void> {
  let best = 0;
  let bestCpu = 0;
  for (const [chains, unroll] of [[2, 8], [4, 4], [1, 16]] as const) {
    const iters = 256;
    const code = expandTemplate(fmaSrc, { CHAINS: chains, UNROLL: unroll, ITERS: iters });
    const kernel = ctx.kernel({ label: `fma_peak_${chains}x${unroll}`, code, bindings: ['write'] });
    const invocations = 64 * 1024;
    const out = ctx.tensor([invocations, 4], 'f32', undefined, 'fma out');
    const flops = invocations * iters * unroll * chains * 4 * 2;
    const t = await measure(3, async () => (await timeGpu(ctx, (rec) => rec.dispatch(kernel, [out], invocations / 64), { warmup: 0, reps: 1 })).ms);
    best = Math.max(best, flops / t.ms / 1e6);
    bestCpu = Math.max(bestCpu, (flops / t.cpuMs / 1e6) * cores);
    out.destroy();
  }
  metrics.fma_peak_gflops = best;
  metrics.fma_peak_gflops_cpu = bestCpu;
}

interface MatmulRun {
  gflops: number;
  gflopsCpu: number;
}

async function ourMatmul(ctx: GpuContext, m: number, k: number, n: number, variant: MatmulVariant, reps: number, cores: number): Promise<MatmulRun> {
  const a = ctx.tensor([m, k], 'f32', fill(m * k, 1), 'A');
  const b = ctx.tensor([k, n], 'f32', fill(k * n, 2), 'B');
  const c = ctx.tensor([m, n], 'f32', undefined, 'C');
  const flops = 2 * m * n * k;
  const t = await measure(reps, async () => (await timeGpu(ctx, (rec) => matmul(rec, a, b, c, { variant }), { warmup: 0, reps: 1 })).ms);
  for (const x of [a, b, c]) x.destroy();
  return { gflops: flops / t.ms / 1e6, gflopsCpu: (flops / t.cpuMs / 1e6) * cores };
}

async function ourMatvec(ctx: GpuContext, rows: number, cols: number, variant: MatvecVariant, reps: number, cores: number): Promise<MatmulRun> {
  const w = ctx.tensor([rows, cols], 'f32', fill(rows * cols, 3), 'W');
  const x = ctx.tensor([1, cols], 'f32', fill(cols, 4), 'x');
  const y = ctx.tensor([1, rows], 'f32', undefined, 'y');
  const bytes = rows * cols * 4;
  const t = await measure(reps, async () => (await timeGpu(ctx, (rec) => matvec(rec, w, x, y, { variant }), { warmup: 0, reps: 1 })).ms);
  for (const v of [w, x, y]) v.destroy();
  // GB/s of weights read.
  return { gflops: bytes / t.ms / 1e6, gflopsCpu: (bytes / t.cpuMs / 1e6) * cores };
}

type Tf = typeof import('@tensorflow/tfjs-core');

/** tfjs-backend-webgpu on the same adapter: navigator.gpu must exist before it is imported. */
async function loadTfjs(): Promise<Tf | null> {
  const g = globalThis as { navigator?: { gpu?: GPU } };
  if (!g.navigator) Object.defineProperty(globalThis, 'navigator', { value: { gpu: nodeGPU() }, configurable: true });
  else if (!g.navigator.gpu) Object.defineProperty(g.navigator, 'gpu', { value: nodeGPU(), configurable: true });
  try {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-webgpu');
    if (!(await tf.setBackend('webgpu'))) return null;
    await tf.ready();
    return tf;
  } catch {
    return null;
  }
}

async function tfjsMatmul(tf: Tf, m: number, k: number, n: number, reps: number, cores: number): Promise<MatmulRun> {
  const a = tf.tensor2d(fill(m * k, 1), [m, k]);
  const b = tf.tensor2d(fill(k * n, 2), [k, n]);
  const flops = 2 * m * n * k;
  const t = await measure(reps, async () => {
    const c = tf.matMul(a, b);
    await c.data();
    c.dispose();
  });
  a.dispose();
  b.dispose();
  return { gflops: flops / t.ms / 1e6, gflopsCpu: (flops / t.cpuMs / 1e6) * cores };
}

async function tfjsMatvec(tf: Tf, rows: number, cols: number, reps: number, cores: number): Promise<MatmulRun> {
  const w = tf.tensor2d(fill(rows * cols, 3), [rows, cols]);
  const x = tf.tensor2d(fill(cols, 4), [1, cols]);
  const bytes = rows * cols * 4;
  // y = x Wᵀ, the decode form (tfjs is ~10x slower on W x with x as a column here).
  const t = await measure(reps, async () => {
    const y = tf.matMul(x, w, false, true);
    await y.data();
    y.dispose();
  });
  w.dispose();
  x.dispose();
  return { gflops: bytes / t.ms / 1e6, gflopsCpu: (bytes / t.cpuMs / 1e6) * cores };
}

const suite: BenchSuite = async (args) => {
  const quick = args.includes('--quick');
  const ctx = await createGpuContext(nodeGPU());
  const software = isSoftwareAdapter(ctx);
  const cores = software ? cpus().length : 1;
  const metrics: Record<string, number> = {};
  const notes: string[] = [];
  const reps = quick ? 1 : 3;

  await fmaPeak(ctx, metrics, cores);

  // Every variant once at 512³ (some are far off the pace on CPU rasterisers), then the
  // dispatcher's own choice (its untuned fallback rule) at 1024³ for the headline.
  const big = quick ? 512 : 1024;
  const per: Partial<Record<MatmulVariant, MatmulRun>> = {};
  for (const v of MATMUL_VARIANTS) {
    if (v === 'reg_sg' && !ctx.features.subgroups) continue;
    per[v] = await ourMatmul(ctx, 512, 512, 512, v, 1, cores);
    metrics[`matmul_f32_512_${v}_gflops`] = per[v]!.gflops;
  }
  const chosen = fallbackVariant(ctx, { m: big, n: big, k: big, batch: 1, transA: false, transB: false, bDtype: 'f32' });
  const best = (Object.entries(per) as [MatmulVariant, MatmulRun][]).sort((x, y) => y[1].gflops - x[1].gflops)[0]!;
  const ours = await ourMatmul(ctx, big, big, big, chosen, reps, cores);
  metrics.matmul_f32_1024_gflops = ours.gflops;
  metrics.matmul_f32_1024_gflops_cpu = ours.gflopsCpu;
  notes.push(`matmul default variant on this adapter: ${chosen}; fastest at 512³: ${best[0]}`);

  for (const [m, k, n] of [[512, 576, 1536], [512, 896, 4864]] as const) {
    const r = await ourMatmul(ctx, m, k, n, chosen, quick ? 1 : 2, cores);
    metrics[`matmul_f32_${m}x${k}x${n}_gflops`] = r.gflops;
  }

  const mv: Partial<Record<MatvecVariant, MatmulRun>> = {};
  for (const v of MATVEC_VARIANTS) {
    if (v === 'rowlane_sg' && !ctx.features.subgroups) continue;
    mv[v] = await ourMatvec(ctx, 4096, 4096, v, reps, cores);
    metrics[`matvec_f32_4096_${v}_gbps`] = mv[v]!.gflops;
  }
  const mvChosen = mv[matvecFallback(ctx)] ?? Object.values(mv)[0]!;
  metrics.matvec_f32_4096_gbps = mvChosen.gflops;
  metrics.matvec_f32_4096_gbps_cpu = mvChosen.gflopsCpu;
  notes.push(`matvec default variant: ${matvecFallback(ctx)}`);

  const tf = await loadTfjs();
  if (tf) {
    const t = await tfjsMatmul(tf, big, big, big, reps, cores);
    metrics.tfjs_matmul_f32_1024_gflops = t.gflops;
    metrics.tfjs_matmul_f32_1024_gflops_cpu = t.gflopsCpu;
    metrics.matmul_vs_tfjs_1024 = ours.gflops / t.gflops;
    metrics.matmul_vs_tfjs_1024_cpu = ours.gflopsCpu / t.gflopsCpu;
    const tv = await tfjsMatvec(tf, 4096, 4096, reps, cores);
    metrics.tfjs_matvec_f32_4096_gbps = tv.gflops;
    metrics.matvec_vs_tfjs_4096 = mvChosen.gflops / tv.gflops;
  } else {
    notes.push('tfjs-backend-webgpu could not start on this adapter: no tfjs baseline');
  }
  metrics.matmul_vs_peak_1024 = ours.gflops / metrics.fma_peak_gflops!;
  if (quick) notes.push('--quick: 512³ instead of 1024³ (metric names keep 1024), 1 repetition');
  if (software) notes.push(`*_cpu metrics: per CPU-second of this process × ${cores} cores (robust to other load on a shared CPU)`);

  const info = (ctx.device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
  const result: BenchResult = {
    suite: 'kernels',
    adapter: {
      vendor: ctx.adapter.vendor,
      architecture: ctx.adapter.architecture,
      description: ctx.adapter.description,
      features: [...ctx.device.features].sort(),
    },
    shapes: {
      matmul: [`${big}x${big}x${big}`, '512x576x1536', '512x896x4864'],
      matvec: '4096x4096 f32, 1 vector',
      timing: ctx.features.timestampQuery ? 'timestamp (ours), wall (tfjs)' : 'wall',
      subgroupSize: info ? `${info.subgroupMinSize}-${info.subgroupMaxSize}` : 'unknown',
    },
    metrics,
    notes,
  };
  return result;
};

export default suite;
