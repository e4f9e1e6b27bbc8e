package dev.weft.bench

import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/**
 * The workloads in Kotlin coroutines, each in a single-threaded `runBlocking` (its event loop runs every child on
 * the calling thread). The handoff is two rendezvous channels (`Channel<Unit>(RENDEZVOUS)`): a send waits for the
 * receiver, so each round trip is two switches, like the two Events of the Weft version. `yield()` is `sleep(0)`,
 * `async` + `awaitAll` is `createTask` + await, `delay` is `sleep`, `Channel(1000)` is the bounded queue, and a
 * `suspend fun` that returns without suspending is the finished coroutine. W6's async generator is a cold
 * `flow { emit(..) }` collected in the same coroutine ([KotlinSeqWorkloads] is its `sequence {}` variant).
 */
object KotlinWorkloads : Workloads {

    // ---- W1 handoff ----

    override fun w1(n: Int): Long = runBlocking {
        val ping = Channel<Unit>(Channel.RENDEZVOUS)
        val pong = Channel<Unit>(Channel.RENDEZVOUS)
        val baton = Baton()
        Meter.begin()
        val a = launch {
            repeat(n) {
                baton.ping()
                ping.send(Unit)
                pong.receive()
            }
        }
        val b = launch {
            repeat(n) {
                ping.receive()
                baton.pong()
                pong.send(Unit)
            }
        }
        a.join()
        b.join()
        Meter.end()
        baton.count().toLong()
    }

    // ---- W1y yield ----

    override fun w1y(n: Int): Long = runBlocking {
        Meter.begin()
        val a = async { yielder(n) }
        val b = async { yielder(n) }
        val total = a.await() + b.await()
        Meter.end()
        total
    }

    private suspend fun yielder(n: Int): Long {
        var yields = 0L
        repeat(n) {
            yield()
            yields++
        }
        return yields
    }

    // ---- W2 spawn ----

    override fun w2(n: Int): Long = runBlocking {
        var sum = 0L
        Meter.begin()
        var start = 0
        while (start < n) {
            val size = minOf(Work.BATCH, n - start)
            val first = start
            val batch = List(size) { k -> async { Work.item(first + k) } }
            for (v in batch.awaitAll()) {
                sum += v
            }
            start += size
        }
        Meter.end()
        sum
    }

    // ---- W2g spawn and gather: async for each of a batch, then awaitAll, summed ----

    override fun w2g(n: Int): Long = runBlocking {
        var sum = 0L
        Meter.begin()
        var start = 0
        while (start < n) {
            val size = minOf(Work.BATCH, n - start)
            val first = start
            sum += List(size) { k -> async { Work.item(first + k) } }.awaitAll().sumOf { it.toLong() }
            start += size
        }
        Meter.end()
        sum
    }

    // ---- W3 sleepers ----

    override fun w3(n: Int, seconds: Double): Long = runBlocking {
        val millis = (seconds * 1000).toLong()
        val jobs = arrayOfNulls<Job>(n)
        val finished = LongArray(1)
        Meter.heapBaseline()
        Meter.begin()
        for (i in 0 until n) {
            jobs[i] = launch {
                delay(millis)
                finished[0]++
            }
        }
        // The launched coroutines are queued before this one: each runs to its delay before this resumes.
        yield()
        Meter.heapSuspended(finished[0])
        for (i in 0 until n) {
            jobs[i]!!.join()
            jobs[i] = null
        }
        Meter.end()
        finished[0]
    }

    // ---- W3g sleepers: async for each, then one awaitAll ----

    override fun w3g(n: Int, seconds: Double): Long = runBlocking {
        val millis = (seconds * 1000).toLong()
        val finished = LongArray(1)
        Meter.heapBaseline()
        Meter.begin()
        val sleepers = List(n) {
            async {
                delay(millis)
                finished[0]++
            }
        }
        // As in w3: the started coroutines are queued before this one, and each runs to its delay first.
        yield()
        Meter.heapSuspended(finished[0])
        val results = sleepers.awaitAll()
        Meter.end()
        Check.equal("kotlin w3g gathered results", n.toLong(), results.size.toLong())
        finished[0]
    }

    // ---- W4 queue ----

    override fun w4(n: Int): Long = runBlocking {
        val channel = Channel<Int>(Work.QUEUE_CAPACITY)
        Meter.begin()
        val producer = launch {
            for (i in 0 until n) {
                channel.send(Work.item(i))
            }
        }
        val consumer = async {
            var sum = 0L
            repeat(n) {
                sum += channel.receive()
            }
            sum
        }
        producer.join()
        val sum = consumer.await()
        Meter.end()
        sum
    }

    // ---- W5: a suspend fun that returns without suspending ----

    @Suppress("RedundantSuspendModifier")
    private suspend fun value(i: Int): Int = Work.item(i)

    override fun w5(n: Int): Long = runBlocking {
        var sum = 0L
        Meter.begin()
        for (i in 0 until n) {
            sum += value(i)
        }
        Meter.end()
        sum
    }

    // ---- W5n: a chain of DEPTH suspend funs, each awaiting the next ----

    private var levels = 0L

    private suspend fun chain(depth: Int, i: Int): Int {
        if (depth == 0) {
            return Work.item(i)
        }
        val v = chain(depth - 1, i)
        levels++
        return v
    }

    override fun w5n(n: Int): Long = runBlocking {
        var sum = 0L
        levels = 0
        Meter.begin()
        for (i in 0 until n) {
            sum += chain(Work.DEPTH - 1, i)
        }
        Meter.end()
        Check.equal("kotlin w5n inner awaits", Work.innerLevels(n), levels)
        sum
    }

    // ---- W6: a flow that emits n items, collected and summed in the same coroutine ----

    override fun w6(n: Int): Long = runBlocking {
        var sum = 0L
        Meter.begin()
        flow {
            for (i in 0 until n) {
                emit(Work.item(i))
            }
        }.collect { sum += it }
        Meter.end()
        sum
    }
}

/**
 * W6 with Kotlin's synchronous generator, `sequence { yield(..) }` (a restricted suspending lambda, no dispatcher),
 * summed by a for loop in `runBlocking` like every Kotlin workload: the `kotlin-seq` system. Only W6 differs from
 * [KotlinWorkloads]; Macro and run.sh run it on W6 alone ([Workloads.skipReason]).
 */
object KotlinSeqWorkloads : Workloads by KotlinWorkloads {

    override fun w6(n: Int): Long = runBlocking {
        var sum = 0L
        Meter.begin()
        val items = sequence {
            for (i in 0 until n) {
                yield(Work.item(i))
            }
        }
        for (x in items) {
            sum += x
        }
        Meter.end()
        sum
    }
}
