/**
 * Let the page run between slices of long DOM work. A MessageChannel turn: unlike a zero timeout it is not clamped to
 * 4 ms when slices follow one another.
 */
export function yieldToPage(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
