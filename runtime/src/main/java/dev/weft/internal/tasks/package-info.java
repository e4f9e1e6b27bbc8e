/**
 * What {@code dev.weft.Asyncio}'s functions do, one class per concept, as CPython's {@code tasks.py},
 * {@code runners.py} and {@code threads.py} hold them: {@link dev.weft.internal.tasks.Gather},
 * {@link dev.weft.internal.tasks.WaitFor}, {@link dev.weft.internal.tasks.Wait},
 * {@link dev.weft.internal.tasks.AsCompleted}, {@link dev.weft.internal.tasks.Shield},
 * {@link dev.weft.internal.tasks.Runners} and {@link dev.weft.internal.tasks.Threads}. {@code Asyncio} only
 * delegates here. Internal: not an API.
 */
package dev.weft.internal.tasks;
