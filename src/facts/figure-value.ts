/** The value of one published figure (a percentage or a count), and how far it is from a whole number. */
import { defineFact } from './define.js';
import { clean, sourceOf } from './figures.js';

/** The figure's value as published: a percentage in percent (92.05), a count in units. */
export const figureValue = defineFact({
  id: 'figureValue',
  description: 'The value of the figure, in its own unit (percent for a share, units for a count).',
  scopes: ['shareFigure', 'countFigure'],
  returns: 'number',
  compute: ({ figure, pointer }) => ({ value: figure.value, sources: [sourceOf(figure, pointer)] }),
});

/** The fractional part of the figure's magnitude: 0 for a whole number, 0.5 for 12.5 and for -12.5. */
export const fractionalPart = defineFact({
  id: 'fractionalPart',
  description: "The fractional part of the figure's absolute value (0 for a whole number).",
  scopes: ['shareFigure', 'countFigure'],
  returns: 'number',
  compute({ figure, pointer }) {
    const magnitude = Math.abs(figure.value);
    return { value: clean(magnitude - Math.trunc(magnitude)), sources: [sourceOf(figure, pointer)] };
  },
});
