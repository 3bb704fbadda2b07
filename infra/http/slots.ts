/**
 * A counting semaphore, first come first served: at most `size` of an API process's requests hold one at once
 * (uploads reading their bodies, commands at the engine). `acquire` answers false when no slot came free within
 * its wait.
 */
export function slots(size: number) {
  let free = size;
  const waiting: (() => void)[] = [];
  return {
    async acquire(timeoutMs: number): Promise<boolean> {
      if (free > 0) {
        free--;
        return true;
      }
      return new Promise<boolean>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve(true);
        };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(wake), 1);
          resolve(false);
        }, timeoutMs);
        waiting.push(wake);
      });
    },
    release() {
      const next = waiting.shift();
      if (next) next();
      else free++;
    },
  };
}
