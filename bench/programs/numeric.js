// Exercises: numeric loops over Float64Array grids: a 2D fluid / heat diffusion simulation with Gauss-Seidel and Jacobi relaxation.

const N = 80;                 // interior cells per side
const STRIDE = N + 2;         // with a one-cell border
const CELLS = STRIDE * STRIDE;
const RELAX_ITERATIONS = 16;
const STEPS = 28;
const DT = 0.1;
const VISCOSITY = 0.0002;
const DIFFUSION = 0.0001;

function at(i, j) {
  return i + STRIDE * j;
}

class Field {
  constructor() {
    this.data = new Float64Array(CELLS);
  }

  clear() {
    this.data.fill(0);
  }

  sum() {
    const d = this.data;
    let s = 0;
    for (let k = 0; k < CELLS; k++) s += d[k];
    return s;
  }

  weightedSum() {
    const d = this.data;
    let s = 0;
    for (let j = 1; j <= N; j++) {
      for (let i = 1; i <= N; i++) s += d[at(i, j)] * (i * 3 + j * 7);
    }
    return s;
  }
}

// kind 0: scalar (copy neighbour), 1: horizontal velocity (mirror at x walls), 2: vertical velocity.
function applyBoundary(kind, x) {
  for (let i = 1; i <= N; i++) {
    x[at(0, i)] = kind === 1 ? -x[at(1, i)] : x[at(1, i)];
    x[at(N + 1, i)] = kind === 1 ? -x[at(N, i)] : x[at(N, i)];
    x[at(i, 0)] = kind === 2 ? -x[at(i, 1)] : x[at(i, 1)];
    x[at(i, N + 1)] = kind === 2 ? -x[at(i, N)] : x[at(i, N)];
  }
  x[at(0, 0)] = 0.5 * (x[at(1, 0)] + x[at(0, 1)]);
  x[at(0, N + 1)] = 0.5 * (x[at(1, N + 1)] + x[at(0, N)]);
  x[at(N + 1, 0)] = 0.5 * (x[at(N, 0)] + x[at(N + 1, 1)]);
  x[at(N + 1, N + 1)] = 0.5 * (x[at(N, N + 1)] + x[at(N + 1, N)]);
}

// In-place Gauss-Seidel sweeps for (1 + 4a) x - a * neighbours(x) = b, with red-black ordering.
function gaussSeidel(kind, x, b, a, c) {
  const inv = 1 / c;
  for (let iter = 0; iter < RELAX_ITERATIONS; iter++) {
    for (let colour = 0; colour < 2; colour++) {
      for (let j = 1; j <= N; j++) {
        const row = STRIDE * j;
        for (let i = 1 + ((j + colour) & 1); i <= N; i += 2) {
          const k = row + i;
          x[k] = (b[k] + a * (x[k - 1] + x[k + 1] + x[k - STRIDE] + x[k + STRIDE])) * inv;
        }
      }
    }
    applyBoundary(kind, x);
  }
}

// Jacobi iterations ping-ponging between two buffers; returns the buffer holding the result.
function jacobi(kind, x, scratch, b, a, c) {
  const inv = 1 / c;
  let src = x;
  let dst = scratch;
  for (let iter = 0; iter < RELAX_ITERATIONS * 2; iter++) {
    for (let j = 1; j <= N; j++) {
      const row = STRIDE * j;
      for (let i = 1; i <= N; i++) {
        const k = row + i;
        dst[k] = (b[k] + a * (src[k - 1] + src[k + 1] + src[k - STRIDE] + src[k + STRIDE])) * inv;
      }
    }
    applyBoundary(kind, dst);
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

function diffuse(kind, x, x0, rate) {
  const a = DT * rate * N * N;
  gaussSeidel(kind, x, x0, a, 1 + 4 * a);
}

// Semi-Lagrangian transport: trace each cell centre back through the velocity field.
function advect(kind, d, d0, u, v) {
  const dt0 = DT * N;
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      const k = at(i, j);
      let x = i - dt0 * u[k];
      let y = j - dt0 * v[k];
      if (x < 0.5) x = 0.5;
      if (x > N + 0.5) x = N + 0.5;
      if (y < 0.5) y = 0.5;
      if (y > N + 0.5) y = N + 0.5;
      const i0 = Math.floor(x);
      const j0 = Math.floor(y);
      const s1 = x - i0;
      const s0 = 1 - s1;
      const t1 = y - j0;
      const t0 = 1 - t1;
      const base = at(i0, j0);
      d[k] = s0 * (t0 * d0[base] + t1 * d0[base + STRIDE]) +
             s1 * (t0 * d0[base + 1] + t1 * d0[base + 1 + STRIDE]);
    }
  }
  applyBoundary(kind, d);
}

// Make the velocity field divergence free by solving a Poisson equation for pressure.
function project(u, v, pressure, scratch, divergence) {
  const h = 1 / N;
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      const k = at(i, j);
      divergence[k] = -0.5 * h * (u[k + 1] - u[k - 1] + v[k + STRIDE] - v[k - STRIDE]);
      pressure[k] = 0;
    }
  }
  applyBoundary(0, divergence);
  applyBoundary(0, pressure);
  const p = jacobi(0, pressure, scratch, divergence, 1, 4);
  for (let j = 1; j <= N; j++) {
    for (let i = 1; i <= N; i++) {
      const k = at(i, j);
      u[k] -= 0.5 * (p[k + 1] - p[k - 1]) / h;
      v[k] -= 0.5 * (p[k + STRIDE] - p[k - STRIDE]) / h;
    }
  }
  applyBoundary(1, u);
  applyBoundary(2, v);
}

function addSources(step, densitySrc, uSrc, vSrc) {
  densitySrc.fill(0);
  uSrc.fill(0);
  vSrc.fill(0);
  // Three emitters that wander deterministically with the step number.
  for (let e = 0; e < 3; e++) {
    const ci = 1 + ((step * (e + 3) + e * 17) % (N - 8)) + 4;
    const cj = 1 + ((step * (2 * e + 1) + e * 29) % (N - 8)) + 4;
    for (let dj = -2; dj <= 2; dj++) {
      for (let di = -2; di <= 2; di++) {
        const k = at(ci + di, cj + dj);
        densitySrc[k] += 40 / (1 + di * di + dj * dj);
        uSrc[k] += (e - 1) * 6 + di;
        vSrc[k] += ((step & 7) - 3.5) * 1.5 + dj;
      }
    }
  }
}

function addScaled(x, s) {
  for (let k = 0; k < CELLS; k++) x[k] += DT * s[k];
}

class FluidSolver {
  constructor() {
    this.u = new Field();
    this.v = new Field();
    this.uPrev = new Field();
    this.vPrev = new Field();
    this.density = new Field();
    this.densityPrev = new Field();
    this.pressure = new Field();
    this.scratch = new Field();
    this.divergence = new Field();
  }

  swap(a, b) {
    const t = this[a];
    this[a] = this[b];
    this[b] = t;
  }

  velocityStep() {
    addScaled(this.u.data, this.uPrev.data);
    addScaled(this.v.data, this.vPrev.data);
    this.swap("u", "uPrev");
    this.swap("v", "vPrev");
    diffuse(1, this.u.data, this.uPrev.data, VISCOSITY);
    diffuse(2, this.v.data, this.vPrev.data, VISCOSITY);
    project(this.u.data, this.v.data, this.pressure.data, this.scratch.data, this.divergence.data);
    this.swap("u", "uPrev");
    this.swap("v", "vPrev");
    advect(1, this.u.data, this.uPrev.data, this.uPrev.data, this.vPrev.data);
    advect(2, this.v.data, this.vPrev.data, this.uPrev.data, this.vPrev.data);
    project(this.u.data, this.v.data, this.pressure.data, this.scratch.data, this.divergence.data);
  }

  densityStep() {
    addScaled(this.density.data, this.densityPrev.data);
    this.swap("density", "densityPrev");
    diffuse(0, this.density.data, this.densityPrev.data, DIFFUSION);
    this.swap("density", "densityPrev");
    advect(0, this.density.data, this.densityPrev.data, this.u.data, this.v.data);
  }

  step(n) {
    addSources(n, this.densityPrev.data, this.uPrev.data, this.vPrev.data);
    this.velocityStep();
    addSources(n, this.densityPrev.data, this.uPrev.data, this.vPrev.data);
    this.densityStep();
  }
}

// A second, simpler workload: explicit heat diffusion with a fixed hot edge (Jacobi-style double buffer).
function heatPlate(size, iterations) {
  const stride = size + 2;
  let cur = new Float64Array(stride * stride);
  let next = new Float64Array(stride * stride);
  for (let i = 0; i < stride; i++) {
    cur[i] = 100;
    next[i] = 100;
  }
  for (let it = 0; it < iterations; it++) {
    for (let j = 1; j <= size; j++) {
      const row = j * stride;
      for (let i = 1; i <= size; i++) {
        const k = row + i;
        next[k] = cur[k] + 0.2 * (cur[k - 1] + cur[k + 1] + cur[k - stride] + cur[k + stride] - 4 * cur[k]);
      }
    }
    const t = cur;
    cur = next;
    next = t;
  }
  let s = 0;
  for (let k = 0; k < cur.length; k++) s += cur[k] * ((k % 13) + 1);
  return s;
}

const solver = new FluidSolver();
let trace = 0;
for (let n = 0; n < STEPS; n++) {
  solver.step(n);
  trace += solver.density.sum() * 1e-3 + solver.u.weightedSum() * 1e-6;
}
const heat = heatPlate(96, 300);
const result = [
  solver.density.weightedSum().toFixed(4),
  solver.u.sum().toFixed(6),
  solver.v.sum().toFixed(6),
  trace.toFixed(6),
  heat.toFixed(4),
].join(",");
console.log("numeric: " + result);
