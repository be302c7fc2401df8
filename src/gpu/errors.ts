// Typed errors for everything that can go wrong with the GPU. Each message tells the
// user what to do, because these surface in the page as-is.

import { formatBytes } from '../util/bytes';

export { formatBytes };

export type WebGpuUnavailableReason = 'no-webgpu' | 'no-adapter' | 'request-device-failed';

/** The default advice of WebGpuUnavailableError: for a user in a browser. */
export const BROWSER_WEBGPU_ADVICE =
  'Use Chrome or Edge 113 or newer on a machine with a supported GPU. If WebGPU is still off, ' +
  'enable chrome://flags/#enable-unsafe-webgpu (on Linux also chrome://flags/#enable-vulkan), ' +
  'update the GPU driver, and check chrome://gpu for "WebGPU: Hardware accelerated".';

/**
 * WebGPU is missing, no adapter was found, or the device could not be created. `advice`
 * says what to do on this host (the host entry supplies it; default: browser advice).
 */
export class WebGpuUnavailableError extends Error {
  override name = 'WebGpuUnavailableError';
  readonly advice: string;
  constructor(
    readonly reason: WebGpuUnavailableReason,
    detail: string,
    options?: { cause?: unknown; advice?: string },
  ) {
    const advice = options?.advice ?? BROWSER_WEBGPU_ADVICE;
    super(`WebGPU is not available (${detail}). ${advice}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.advice = advice;
  }
}

/** The GPU ran out of memory while allocating `label` (`bytes` bytes). */
export class GpuOutOfMemoryError extends Error {
  override name = 'GpuOutOfMemoryError';
  constructor(
    readonly label: string,
    readonly bytes: number,
    detail?: string,
  ) {
    super(
      `GPU out of memory allocating "${label}" (${formatBytes(bytes)})${detail ? `: ${detail}` : ''}. ` +
        'Close other GPU-heavy tabs or apps, or choose a smaller model, batch size or sequence length.',
    );
  }
}

/** A request exceeds a hard limit of this GPU (buffer size, binding size, workgroups...). */
export class GpuLimitError extends Error {
  override name = 'GpuLimitError';
  constructor(
    readonly limit: string,
    readonly requested: number,
    readonly allowed: number,
    what: string,
  ) {
    super(
      `${what} needs ${limit} = ${requested}, but this GPU allows at most ${allowed}. ` +
        'Choose a smaller model, batch size or sequence length.',
    );
  }
}

/** The device was lost (driver reset, GPU process crash, tab in background too long, destroy()). */
export class DeviceLostError extends Error {
  override name = 'DeviceLostError';
  constructor(
    readonly reason: string,
    detail: string,
  ) {
    super(
      `The GPU device was lost (reason: ${reason}${detail ? `, ${detail}` : ''}). ` +
        (reason === 'destroyed'
          ? 'It was closed by the app; create a new GPU context.'
          : 'This happens after a driver reset or when the GPU is needed elsewhere: reload the page ' +
            '(training resumes from the last checkpoint). If it keeps happening, reduce the batch size.'),
    );
  }
}

/** WGSL failed to compile or a pipeline failed validation: a bug in a kernel, not user error. */
export class ShaderError extends Error {
  override name = 'ShaderError';
  constructor(
    readonly label: string,
    detail: string,
  ) {
    super(`Kernel "${label}" failed to compile or validate: ${detail}`);
  }
}

/** Any other GPU validation error caught by an error scope. */
export class GpuValidationError extends Error {
  override name = 'GpuValidationError';
  constructor(
    readonly label: string,
    detail: string,
  ) {
    super(`GPU validation error in ${label}: ${detail}`);
  }
}
