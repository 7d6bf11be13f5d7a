import { describe, expect, it } from 'vitest';
import { ResourceStack } from '../../electron/core/lifecycle/resource-stack';

describe('the start-up resource stack', () => {
  it('releases in reverse order, once, goes on past a release that fails and then throws its error', async () => {
    const stack = new ResourceStack();
    const released: string[] = [];
    await stack.use(
      () => 'lock',
      (name) => released.push(name),
    );
    stack.defer(() => {
      released.push('log');
      throw new Error('log flush failed');
    });
    await stack.use(
      async () => 'store',
      async (name) => void released.push(name),
    );
    const first = stack.close();
    const second = stack.close();
    await expect(first).rejects.toThrow('log flush failed');
    await expect(second).rejects.toThrow('log flush failed');
    expect(released).toEqual(['store', 'log', 'lock']);
    expect(() => stack.defer(() => undefined)).toThrow('already closed');
  });
});
