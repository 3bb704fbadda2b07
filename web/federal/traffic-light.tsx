import type { FC } from 'hono/jsx';

const colour = { green: '#00703c', yellow: '#b58105', red: '#b00020', grey: '#6f777b' } as const;

/** A traffic light that never tells by colour alone: the dot is decoration, the words carry the state. */
export const Light: FC<{ light: keyof typeof colour; label: string }> = ({ light, label }) => (
  <span data-light={light} style="white-space:nowrap">
    <span aria-hidden="true" style={`display:inline-block;width:.9em;height:.9em;border-radius:50%;vertical-align:-.1em;margin-right:.35em;background:${colour[light]}`} />
    {label}
  </span>
);
