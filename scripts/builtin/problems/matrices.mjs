// Matrices as arrays of rows. Expected values written by hand.
export default [
  {
    id: 'transpose-matrix',
    title: 'Transpose a matrix',
    difficulty: 'easy',
    statement: `Write a function transpose(m) that returns the transpose of the rectangular matrix m (an array of equal-length rows): element [i][j] of the result is m[j][i]. An empty matrix [] gives []. Do not modify m.`,
    ref: `function transpose(m) {
  if (m.length === 0) return [];
  return m[0].map((_, j) => m.map((row) => row[j]));
}`,
    buggy: [
      `function transpose(m) {
  for (let i = 0; i < m.length; i++)
    for (let j = i + 1; j < m.length; j++) [m[i][j], m[j][i]] = [m[j][i], m[i][j]];
  return m;
}`,
      `function transpose(m) {
  if (m.length === 0) return [];
  return m.map((row, i) => row.map((_, j) => m[j][i]));
}`,
    ],
    cases: [
      [[[[1, 2], [3, 4]]], [[1, 3], [2, 4]]],
      [[[]], []],
      [[[[1, 2, 3]]], [[1], [2], [3]]],
      [[[[1], [2]]], [[1, 2]]],
      [[[[1, 2, 3], [4, 5, 6]]], [[1, 4], [2, 5], [3, 6]]],
      [[[[7]]], [[7]]],
    ],
  },
  {
    id: 'matrix-multiply',
    title: 'Multiply two matrices',
    difficulty: 'medium',
    statement: `Write a function matMul(a, b) that returns the matrix product of a (n x k) and b (k x m) as an n x m array of rows. If the inner dimensions differ (the number of columns of a is not the number of rows of b), return null. Both matrices have at least one row and one column.`,
    ref: `function matMul(a, b) {
  if (a[0].length !== b.length) return null;
  return a.map((row) =>
    b[0].map((_, j) => row.reduce((s, x, t) => s + x * b[t][j], 0)),
  );
}`,
    buggy: [
      `function matMul(a, b) {
  if (a[0].length !== b.length) return null;
  return a.map((row, i) => row.map((x, j) => x * b[i][j]));
}`,
      `function matMul(a, b) {
  if (a.length !== b[0].length) return null;
  return a.map((row) =>
    b[0].map((_, j) => row.reduce((s, x, t) => s + x * b[t][j], 0)),
  );
}`,
    ],
    cases: [
      [[[[1, 2], [3, 4]], [[5, 6], [7, 8]]], [[19, 22], [43, 50]]],
      [[[[1, 2, 3]], [[1], [2], [3]]], [[14]]],
      [[[[1], [2]], [[3, 4]]], [[3, 4], [6, 8]]],
      [[[[1, 2]], [[1, 2]]], null],
      [[[[2]], [[3]]], [[6]]],
      [[[[1, 0], [0, 1]], [[9, 8], [7, 6]]], [[9, 8], [7, 6]]],
      [[[[1, 2, 3], [4, 5, 6]], [[1, 2], [3, 4]]], null],
    ],
  },
  {
    id: 'rotate-matrix-90',
    title: 'Rotate a matrix clockwise',
    difficulty: 'medium',
    statement: `Write a function rotateClockwise(m) that returns a new matrix equal to the rectangular matrix m rotated 90 degrees clockwise: an r x c matrix becomes c x r, and the first column read from bottom to top becomes the first row. An empty matrix gives [].`,
    ref: `function rotateClockwise(m) {
  if (m.length === 0) return [];
  return m[0].map((_, j) => m.map((row) => row[j]).reverse());
}`,
    buggy: [
      `function rotateClockwise(m) {
  if (m.length === 0) return [];
  return m[0].map((_, j) => m.map((row) => row[j])).reverse();
}`,
      `function rotateClockwise(m) {
  if (m.length === 0) return [];
  return m.map((row, i) => row.map((_, j) => m[m.length - 1 - j][i]));
}`,
    ],
    cases: [
      [[[[1, 2], [3, 4]]], [[3, 1], [4, 2]]],
      [[[]], []],
      [[[[1, 2, 3]]], [[1], [2], [3]]],
      [[[[1], [2], [3]]], [[3, 2, 1]]],
      [[[[1, 2, 3], [4, 5, 6]]], [[4, 1], [5, 2], [6, 3]]],
      [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [[7, 4, 1], [8, 5, 2], [9, 6, 3]]],
    ],
  },
  {
    id: 'spiral-order',
    title: 'Spiral order',
    difficulty: 'hard',
    eval: true,
    statement: `Write a function spiral(m) that returns the elements of the rectangular matrix m in clockwise spiral order: the top row left to right, the right column downwards, the bottom row right to left, the left column upwards, then the same for the inner matrix, and so on. An empty matrix gives [].`,
    ref: `function spiral(m) {
  const out = [];
  if (m.length === 0) return out;
  let top = 0;
  let bottom = m.length - 1;
  let left = 0;
  let right = m[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let j = left; j <= right; j++) out.push(m[top][j]);
    for (let i = top + 1; i <= bottom; i++) out.push(m[i][right]);
    if (top < bottom) for (let j = right - 1; j >= left; j--) out.push(m[bottom][j]);
    if (left < right) for (let i = bottom - 1; i > top; i--) out.push(m[i][left]);
    top++;
    bottom--;
    left++;
    right--;
  }
  return out;
}`,
    buggy: [
      `function spiral(m) {
  const out = [];
  if (m.length === 0) return out;
  let top = 0;
  let bottom = m.length - 1;
  let left = 0;
  let right = m[0].length - 1;
  while (top <= bottom && left <= right) {
    for (let j = left; j <= right; j++) out.push(m[top][j]);
    for (let i = top + 1; i <= bottom; i++) out.push(m[i][right]);
    for (let j = right - 1; j >= left; j--) out.push(m[bottom][j]);
    for (let i = bottom - 1; i > top; i--) out.push(m[i][left]);
    top++;
    bottom--;
    left++;
    right--;
  }
  return out;
}`,
      `function spiral(m) {
  const out = [];
  if (m.length === 0) return out;
  let top = 0;
  let bottom = m.length - 1;
  let left = 0;
  let right = m[0].length - 1;
  while (top < bottom && left < right) {
    for (let j = left; j <= right; j++) out.push(m[top][j]);
    for (let i = top + 1; i <= bottom; i++) out.push(m[i][right]);
    for (let j = right - 1; j >= left; j--) out.push(m[bottom][j]);
    for (let i = bottom - 1; i > top; i--) out.push(m[i][left]);
    top++;
    bottom--;
    left++;
    right--;
  }
  return out;
}`,
    ],
    cases: [
      [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], [1, 2, 3, 6, 9, 8, 7, 4, 5]],
      [[[]], []],
      [[[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]], [1, 2, 3, 4, 8, 12, 11, 10, 9, 5, 6, 7]],
      [[[[1, 2, 3]]], [1, 2, 3]],
      [[[[1], [2], [3]]], [1, 2, 3]],
      [[[[5]]], [5]],
      [[[[1, 2], [3, 4]]], [1, 2, 4, 3]],
    ],
  },
  {
    id: 'diagonal-sums',
    title: 'Sum of both diagonals',
    difficulty: 'easy',
    statement: `Write a function diagonalSum(m) that returns the sum of the elements on the main diagonal and the anti-diagonal of the square matrix m. When the size is odd, the centre element lies on both diagonals and is counted only once. An empty matrix gives 0.`,
    ref: `function diagonalSum(m) {
  const n = m.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += m[i][i];
    if (i !== n - 1 - i) s += m[i][n - 1 - i];
  }
  return s;
}`,
    buggy: [
      `function diagonalSum(m) {
  const n = m.length;
  let s = 0;
  for (let i = 0; i < n; i++) s += m[i][i] + m[i][n - 1 - i];
  return s;
}`,
      `function diagonalSum(m) {
  const n = m.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    s += m[i][i];
    if (i !== n - 1 - i) s += m[i][n - i];
  }
  return s;
}`,
    ],
    cases: [
      [[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]], 25],
      [[[]], 0],
      [[[[5]]], 5],
      [[[[1, 2], [3, 4]]], 10],
      [[[[1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1], [1, 1, 1, 1]]], 8],
      [[[[-1, 0, 2], [0, 3, 0], [4, 0, -5]]], 3],
    ],
  },
  {
    id: 'row-col-sums',
    title: 'Row and column totals',
    difficulty: 'easy',
    statement: `Write a function totals(m) that returns {rows, cols} for the rectangular matrix m: rows[i] is the sum of row i and cols[j] is the sum of column j. An empty matrix gives {rows: [], cols: []}.`,
    ref: `function totals(m) {
  const rows = m.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = m.length ? m[0].map((_, j) => m.reduce((s, r) => s + r[j], 0)) : [];
  return { rows, cols };
}`,
    buggy: [
      `function totals(m) {
  const rows = m.map((r) => r.reduce((a, b) => a + b, 0));
  const cols = m.map((_, j) => m.reduce((s, r) => s + r[j], 0));
  return { rows, cols };
}`,
      `function totals(m) {
  const rows = m.map((r) => r.reduce((a, b) => a + b));
  const cols = m[0].map((_, j) => m.reduce((s, r) => s + r[j], 0));
  return { rows, cols };
}`,
    ],
    cases: [
      [[[[1, 2], [3, 4]]], { rows: [3, 7], cols: [4, 6] }],
      [[[]], { rows: [], cols: [] }],
      [[[[1, 2, 3]]], { rows: [6], cols: [1, 2, 3] }],
      [[[[1], [2]]], { rows: [1, 2], cols: [3] }],
      [[[[0, -1], [1, 0], [5, 5]]], { rows: [-1, 1, 10], cols: [6, 4] }],
      [[[[2, 2, 2], [3, 3, 3]]], { rows: [6, 9], cols: [5, 5, 5] }],
    ],
  },
  {
    id: 'is-symmetric',
    title: 'Symmetric matrix',
    eval: true,
    difficulty: 'easy',
    statement: `Write a function isSymmetric(m) that returns true if m is a square matrix equal to its transpose (m[i][j] === m[j][i] for all i, j). A non-square matrix is not symmetric. The empty matrix [] is symmetric.`,
    ref: `function isSymmetric(m) {
  const n = m.length;
  if (m.some((r) => r.length !== n)) return false;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (m[i][j] !== m[j][i]) return false;
  return true;
}`,
    buggy: [
      `function isSymmetric(m) {
  const n = m.length;
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) if (m[i][j] !== m[j][i]) return false;
  return true;
}`,
      `function isSymmetric(m) {
  const n = m.length;
  if (m.some((r) => r.length !== n)) return false;
  for (let i = 0; i < n; i++) if (m[i][0] !== m[0][i]) return false;
  return true;
}`,
    ],
    cases: [
      [[[[1, 2], [2, 1]]], true],
      [[[[1, 2], [3, 1]]], false],
      [[[]], true],
      [[[[1, 2, 3]]], false],
      [[[[4]]], true],
      [[[[1, 2, 3], [2, 5, 6], [3, 7, 9]]], false],
      [[[[1, 2, 3], [2, 5, 6], [3, 6, 9]]], true],
    ],
  },
  {
    id: 'game-of-life-step',
    title: 'One step of the Game of Life',
    eval: true,
    difficulty: 'hard',
    statement: `Write a function lifeStep(grid) that returns the next generation of Conway's Game of Life for a rectangular grid of 0 (dead) and 1 (alive) cells. Cells outside the grid are dead (no wrap-around). A live cell with 2 or 3 live neighbours (of the 8 around it) survives; a dead cell with exactly 3 becomes alive; every other cell is dead next. Do not modify grid.`,
    ref: `function lifeStep(grid) {
  return grid.map((row, i) =>
    row.map((cell, j) => {
      let n = 0;
      for (let di = -1; di <= 1; di++)
        for (let dj = -1; dj <= 1; dj++) {
          if (di === 0 && dj === 0) continue;
          const r = grid[i + di];
          if (r && r[j + dj] === 1) n++;
        }
      return (cell === 1 && (n === 2 || n === 3)) || (cell === 0 && n === 3) ? 1 : 0;
    }),
  );
}`,
    buggy: [
      `function lifeStep(grid) {
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++) {
      let n = 0;
      for (let di = -1; di <= 1; di++)
        for (let dj = -1; dj <= 1; dj++) {
          if (di === 0 && dj === 0) continue;
          const r = grid[i + di];
          if (r && r[j + dj] === 1) n++;
        }
      grid[i][j] = (grid[i][j] === 1 && (n === 2 || n === 3)) || (grid[i][j] === 0 && n === 3) ? 1 : 0;
    }
  return grid;
}`,
      `function lifeStep(grid) {
  return grid.map((row, i) =>
    row.map((cell, j) => {
      let n = 0;
      for (let di = -1; di <= 1; di++)
        for (let dj = -1; dj <= 1; dj++) {
          const r = grid[i + di];
          if (r && r[j + dj] === 1) n++;
        }
      return (cell === 1 && (n === 2 || n === 3)) || (cell === 0 && n === 3) ? 1 : 0;
    }),
  );
}`,
    ],
    cases: [
      [[[[0, 1, 0], [0, 1, 0], [0, 1, 0]]], [[0, 0, 0], [1, 1, 1], [0, 0, 0]]],
      [[[[1, 1], [1, 1]]], [[1, 1], [1, 1]]],
      [[[[1]]], [[0]]],
      [[[[0, 0], [0, 0]]], [[0, 0], [0, 0]]],
      [[[[1, 1, 0], [1, 0, 0], [0, 0, 0]]], [[1, 1, 0], [1, 1, 0], [0, 0, 0]]],
      [[[[1, 0, 1], [0, 0, 0], [0, 1, 0]]], [[0, 0, 0], [0, 1, 0], [0, 0, 0]]],
    ],
  },
  {
    id: 'search-sorted-matrix',
    title: 'Search a row- and column-sorted matrix',
    difficulty: 'medium',
    tags: ['searching'],
    statement: `In the matrix m every row is sorted ascending left to right and every column is sorted ascending top to bottom. Write a function matrixContains(m, target) that returns whether target occurs in m, in O(rows + cols) steps (start at the top-right corner). An empty matrix contains nothing.`,
    ref: `function matrixContains(m, target) {
  if (m.length === 0) return false;
  let i = 0;
  let j = m[0].length - 1;
  while (i < m.length && j >= 0) {
    if (m[i][j] === target) return true;
    if (m[i][j] > target) j--;
    else i++;
  }
  return false;
}`,
    buggy: [
      `function matrixContains(m, target) {
  if (m.length === 0) return false;
  let i = 0;
  let j = m[0].length - 1;
  while (i < m.length && j > 0) {
    if (m[i][j] === target) return true;
    if (m[i][j] > target) j--;
    else i++;
  }
  return false;
}`,
      `function matrixContains(m, target) {
  for (const row of m) {
    if (row[row.length - 1] >= target) return row.includes(target);
  }
  return false;
}`,
    ],
    cases: [
      [[[[1, 4, 7], [2, 5, 8], [3, 6, 9]], 5], true],
      [[[[1, 4, 7], [2, 5, 8], [3, 6, 9]], 10], false],
      [[[], 1], false],
      [[[[1, 4, 7], [2, 5, 8], [3, 6, 9]], 3], true],
      [[[[5]], 5], true],
      [[[[1, 3], [2, 4]], 2], true],
      [[[[1, 10], [2, 20]], 0], false],
    ],
  },
  {
    id: 'local-maxima-grid',
    title: 'Local maxima in a grid',
    difficulty: 'medium',
    eval: true,
    statement: `Write a function localMaxima(grid) that returns the positions [row, col] of every cell of the rectangular grid that is strictly greater than each of its up to 4 orthogonal neighbours (up, down, left, right; cells outside the grid do not count). List positions in row-major order. A 1x1 grid's only cell is a local maximum.`,
    ref: `function localMaxima(grid) {
  const out = [];
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++) {
      const v = grid[i][j];
      const ns = [[i - 1, j], [i + 1, j], [i, j - 1], [i, j + 1]];
      if (ns.every(([r, c]) => grid[r] === undefined || grid[r][c] === undefined || grid[r][c] < v)) out.push([i, j]);
    }
  return out;
}`,
    buggy: [
      `function localMaxima(grid) {
  const out = [];
  for (let i = 0; i < grid.length; i++)
    for (let j = 0; j < grid[i].length; j++) {
      const v = grid[i][j];
      const ns = [[i - 1, j], [i + 1, j], [i, j - 1], [i, j + 1]];
      if (ns.every(([r, c]) => grid[r] === undefined || grid[r][c] === undefined || grid[r][c] <= v)) out.push([i, j]);
    }
  return out;
}`,
      `function localMaxima(grid) {
  const out = [];
  for (let i = 1; i < grid.length - 1; i++)
    for (let j = 1; j < grid[i].length - 1; j++) {
      const v = grid[i][j];
      if (grid[i - 1][j] < v && grid[i + 1][j] < v && grid[i][j - 1] < v && grid[i][j + 1] < v) out.push([i, j]);
    }
  return out;
}`,
    ],
    cases: [
      [[[[1, 2, 1], [2, 5, 2], [1, 2, 1]]], [[1, 1]]],
      [[[[7]]], [[0, 0]]],
      [[[[3, 3]]], []],
      [[[[9, 1], [1, 9]]], [[0, 0], [1, 1]]],
      [[[[1, 2, 3]]], [[0, 2]]],
      [[[]], []],
    ],
  },
  {
    id: 'identity-matrix',
    title: 'Identity matrix',
    difficulty: 'easy',
    statement: `Write a function identity(n) that returns the n x n identity matrix as an array of n rows, with 1 on the main diagonal and 0 elsewhere. identity(0) is []. Each row must be a separate array (changing one row must not change another).`,
    ref: `function identity(n) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}`,
    buggy: [
      `function identity(n) {
  const row = new Array(n).fill(0);
  const m = new Array(n).fill(row);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}`,
      `function identity(n) {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i + j === n - 1 ? 1 : 0)));
}`,
    ],
    cases: [
      [[0], []],
      [[1], [[1]]],
      [[2], [[1, 0], [0, 1]]],
      [[3], [[1, 0, 0], [0, 1, 0], [0, 0, 1]]],
      [[4], [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]],
      [[2], [[1, 0], [0, 1]]],
    ],
  },
  {
    id: 'flood-fill-color',
    title: 'Flood fill',
    difficulty: 'hard',
    tags: ['recursion'],
    statement: `Write a function floodFill(image, row, col, color) that returns a new image (a rectangular array of number rows) where the cell [row, col] and every cell connected to it horizontally or vertically through cells of the same original value are set to color. If the original value already equals color, the image is returned unchanged (as a copy). Do not modify image.`,
    ref: `function floodFill(image, row, col, color) {
  const out = image.map((r) => [...r]);
  const from = out[row][col];
  if (from === color) return out;
  const stack = [[row, col]];
  while (stack.length) {
    const [r, c] = stack.pop();
    if (r < 0 || c < 0 || r >= out.length || c >= out[r].length || out[r][c] !== from) continue;
    out[r][c] = color;
    stack.push([r + 1, c], [r - 1, c], [r, c + 1], [r, c - 1]);
  }
  return out;
}`,
    buggy: [
      `function floodFill(image, row, col, color) {
  const out = image.map((r) => [...r]);
  const from = out[row][col];
  if (from === color) return out;
  const stack = [[row, col]];
  while (stack.length) {
    const [r, c] = stack.pop();
    if (r < 0 || c < 0 || r >= out.length || c >= out[r].length || out[r][c] !== from) continue;
    out[r][c] = color;
    for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (dr || dc) stack.push([r + dr, c + dc]);
  }
  return out;
}`,
      `function floodFill(image, row, col, color) {
  const out = image.map((r) => [...r]);
  const from = out[row][col];
  if (from === color) return out;
  for (let r = 0; r < out.length; r++)
    for (let c = 0; c < out[r].length; c++) if (out[r][c] === from) out[r][c] = color;
  return out;
}`,
    ],
    cases: [
      [[[[1, 1, 1], [1, 1, 0], [1, 0, 1]], 1, 1, 2], [[2, 2, 2], [2, 2, 0], [2, 0, 1]]],
      [[[[0, 0], [0, 0]], 0, 0, 0], [[0, 0], [0, 0]]],
      [[[[5]], 0, 0, 7], [[7]]],
      [[[[1, 0], [0, 1]], 0, 0, 3], [[3, 0], [0, 1]]],
      [[[[0, 1, 0], [1, 1, 1], [0, 1, 0]], 1, 1, 4], [[0, 4, 0], [4, 4, 4], [0, 4, 0]]],
      [[[[2, 2, 3], [3, 2, 3]], 0, 2, 9], [[2, 2, 9], [3, 2, 9]]],
    ],
  },
  {
    id: 'shortest-path-grid',
    title: 'Shortest path through a maze',
    difficulty: 'hard',
    tags: ['searching'],
    statement: `maze is a non-empty array of equal-length strings where "." is open and "#" is a wall. Write a function shortestPath(maze) that returns the fewest moves needed to go from the top-left cell to the bottom-right cell, moving one cell up, down, left or right at a time through open cells. Return -1 if it is impossible, including when either corner is a wall. A 1x1 open maze needs 0 moves.`,
    ref: `function shortestPath(maze) {
  const rows = maze.length;
  const cols = maze[0].length;
  if (maze[0][0] === '#' || maze[rows - 1][cols - 1] === '#') return -1;
  const dist = maze.map((r) => new Array(r.length).fill(-1));
  dist[0][0] = 0;
  const queue = [[0, 0]];
  for (let q = 0; q < queue.length; q++) {
    const [r, c] = queue[q];
    if (r === rows - 1 && c === cols - 1) return dist[r][c];
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && maze[nr][nc] === '.' && dist[nr][nc] === -1) {
        dist[nr][nc] = dist[r][c] + 1;
        queue.push([nr, nc]);
      }
    }
  }
  return -1;
}`,
    buggy: [
      `function shortestPath(maze) {
  const rows = maze.length;
  const cols = maze[0].length;
  if (maze[0][0] === '#' || maze[rows - 1][cols - 1] === '#') return -1;
  const dp = maze.map((r) => new Array(r.length).fill(Infinity));
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < cols; j++) {
      if (maze[i][j] === '#') continue;
      if (i === 0 && j === 0) dp[i][j] = 0;
      else dp[i][j] = Math.min(i > 0 ? dp[i - 1][j] : Infinity, j > 0 ? dp[i][j - 1] : Infinity) + 1;
    }
  return dp[rows - 1][cols - 1] === Infinity ? -1 : dp[rows - 1][cols - 1];
}`,
      `function shortestPath(maze) {
  const rows = maze.length;
  const cols = maze[0].length;
  if (maze[0][0] === '#' || maze[rows - 1][cols - 1] === '#') return -1;
  const seen = new Set(['0,0']);
  const queue = [[0, 0, 0]];
  for (let q = 0; q < queue.length; q++) {
    const [r, c, d] = queue[q];
    if (r === rows - 1 && c === cols - 1) return d;
    for (const [dr, dc] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const nr = r + dr;
      const nc = c + dc;
      if (nr >= 0 && nr < rows && nc >= 0 && nc < cols && maze[nr][nc] === '.' && !seen.has(nr + ',' + nc)) {
        seen.add(nr + ',' + nc);
        queue.push([nr, nc, d + 1]);
      }
    }
  }
  return 0;
}`,
    ],
    cases: [
      [[['...', '.#.', '...']], 4],
      [[['.']], 0],
      [[['#']], -1],
      [[['.#', '#.']], -1],
      [[['..#', '#..', '##.']], 4],
      [[['.....', '####.', '.....', '.####', '.....']], 16],
      [[['..', '..']], 2],
    ],
  },
  {
    id: 'saddle-points',
    title: 'Saddle points',
    difficulty: 'medium',
    eval: true,
    statement: `A saddle point of a matrix is a cell whose value is the largest in its row (ties allowed) and the smallest in its column (ties allowed). Write a function saddlePoints(m) that returns the positions [row, col] of all saddle points of the rectangular matrix m in row-major order. An empty matrix gives [].`,
    ref: `function saddlePoints(m) {
  const out = [];
  for (let i = 0; i < m.length; i++)
    for (let j = 0; j < m[i].length; j++) {
      const v = m[i][j];
      if (m[i].every((x) => x <= v) && m.every((row) => row[j] >= v)) out.push([i, j]);
    }
  return out;
}`,
    buggy: [
      `function saddlePoints(m) {
  const out = [];
  for (let i = 0; i < m.length; i++)
    for (let j = 0; j < m[i].length; j++) {
      const v = m[i][j];
      if (m[i].every((x) => x <= v) && m.every((row) => row[j] <= v)) out.push([i, j]);
    }
  return out;
}`,
      `function saddlePoints(m) {
  const out = [];
  for (let i = 0; i < m.length; i++) {
    const j = m[i].indexOf(Math.max(...m[i]));
    if (m.every((row) => row[j] >= m[i][j])) out.push([i, j]);
  }
  return out;
}`,
    ],
    cases: [
      [[[[9, 8, 7], [5, 3, 2], [6, 6, 7]]], [[1, 0]]],
      [[[]], []],
      [[[[1, 2], [3, 4]]], [[0, 1]]],
      [[[[2, 2], [2, 2]]], [[0, 0], [0, 1], [1, 0], [1, 1]]],
      [[[[1, 2, 3], [3, 1, 2], [2, 3, 1]]], []],
      [[[[4]]], [[0, 0]]],
    ],
  },
  {
    id: 'zero-rows-and-columns',
    title: 'Zero out rows and columns',
    difficulty: 'medium',
    statement: `Write a function zeroOut(m) that returns a new matrix equal to the rectangular matrix m except that every row and every column that contains a 0 in m is set entirely to 0. Only zeros present in the original m count (zeros you write do not spread further). Do not modify m.`,
    ref: `function zeroOut(m) {
  const rows = new Set();
  const cols = new Set();
  m.forEach((row, i) => row.forEach((v, j) => {
    if (v === 0) {
      rows.add(i);
      cols.add(j);
    }
  }));
  return m.map((row, i) => row.map((v, j) => (rows.has(i) || cols.has(j) ? 0 : v)));
}`,
    buggy: [
      `function zeroOut(m) {
  const out = m.map((row) => [...row]);
  for (let i = 0; i < out.length; i++)
    for (let j = 0; j < out[i].length; j++)
      if (out[i][j] === 0) {
        for (let k = 0; k < out[i].length; k++) out[i][k] = 0;
        for (let k = 0; k < out.length; k++) out[k][j] = 0;
      }
  return out;
}`,
      `function zeroOut(m) {
  const rows = new Set();
  const cols = new Set();
  m.forEach((row, i) => row.forEach((v, j) => {
    if (v === 0) {
      rows.add(i);
      cols.add(j);
    }
  }));
  return m.map((row, i) => row.map((v, j) => (rows.has(i) && cols.has(j) ? 0 : v)));
}`,
    ],
    cases: [
      [[[[1, 1, 1], [1, 0, 1], [1, 1, 1]]], [[1, 0, 1], [0, 0, 0], [1, 0, 1]]],
      [[[]], []],
      [[[[1, 2], [3, 4]]], [[1, 2], [3, 4]]],
      [[[[0]]], [[0]]],
      [[[[0, 1, 2], [3, 4, 5]]], [[0, 0, 0], [0, 4, 5]]],
      [[[[5, 0], [7, 8], [9, 10]]], [[0, 0], [7, 0], [9, 0]]],
    ],
  },
];
