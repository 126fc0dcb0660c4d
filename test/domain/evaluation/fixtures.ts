// Saaty's matrix of relative drink consumption in the United States
// (coffee, wine, tea, beer, soda, milk, water), above the diagonal.
export const DRINKS = ['coffee', 'wine', 'tea', 'beer', 'soda', 'milk', 'water'] as const;
export const DRINK_JUDGMENTS: Array<[number, number, number]> = [
  [0, 1, 9],
  [0, 2, 5],
  [0, 3, 2],
  [0, 4, 1],
  [0, 5, 1],
  [0, 6, 1 / 2],
  [1, 2, 1 / 3],
  [1, 3, 1 / 9],
  [1, 4, 1 / 9],
  [1, 5, 1 / 9],
  [1, 6, 1 / 9],
  [2, 3, 1 / 3],
  [2, 4, 1 / 4],
  [2, 5, 1 / 3],
  [2, 6, 1 / 9],
  [3, 4, 1 / 2],
  [3, 5, 1],
  [3, 6, 1 / 3],
  [4, 5, 2],
  [4, 6, 1 / 2],
  [5, 6, 1 / 3],
];
