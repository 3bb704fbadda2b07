import type { FC } from 'hono/jsx';

const colour = { green: '#00703c', yellow: '#b58105', red: '#b00020', grey: '#6f777b', blue: '#1d70b8' } as const;

/** Blue («ожидается»: nothing is wrong yet) is an empty ring; every other light a filled disc. */
const shape: Record<keyof typeof colour, 'disc' | 'ring'> = { green: 'disc', yellow: 'disc', red: 'disc', grey: 'disc', blue: 'ring' };

const markStyle = (light: keyof typeof colour) =>
  'display:inline-block;width:.9em;height:.9em;box-sizing:border-box;border-radius:50%;vertical-align:-.1em;margin-right:.35em;' +
  (shape[light] === 'ring' ? `border:.2em solid ${colour[light]};background:transparent` : `background:${colour[light]}`);

/**
 * A traffic light that never tells by colour alone: the words carry the state, and the mark (decoration)
 * differs in shape as well as colour where two states would otherwise look alike — «ожидается» is a blue ring,
 * «представлен с опозданием» an amber disc.
 */
export const Light: FC<{ light: keyof typeof colour; label: string }> = ({ light, label }) => (
  <span data-light={light} style="white-space:nowrap">
    <span aria-hidden="true" data-mark={shape[light]} style={markStyle(light)} />
    {label}
  </span>
);
