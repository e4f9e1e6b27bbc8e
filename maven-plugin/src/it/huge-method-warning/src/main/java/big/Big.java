// Generated (transformer tests, LargeMethods MIXED 150): one @Async method whose woven body is over the
// 8,000 bytes HotSpot compiles. The warning names the line of its first statement, 20.
package big;
import dev.weft.*;
import dev.weft.annotations.Async;
import java.util.*;
public class Big {
  @Async static Coroutine<Integer> i(int x) { if (x % 3 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 7 + 3); }
  @Async static Coroutine<Long> j(long x) { if (x % 4 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 5 + 1); }
  @Async static Coroutine<Double> d(int x) { if (x % 5 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x * 0.5); }
  @Async static Coroutine<Boolean> z(int x) { if (x % 2 == 0) { Await.on(Asyncio.sleep(0)); } return Coroutine.of(x % 3 == 1); }
  @Async static Coroutine<String> s(int x) { if (x % 3 == 1) { Await.on(Asyncio.sleep(0)); } return Coroutine.of("s" + (x % 10)); }
  static int pi(int x) { return x * 7 + 3; }
  static long pj(long x) { return x * 5 + 1; }
  static double pd(int x) { return x * 0.5; }
  static boolean pz(int x) { return x % 3 == 1; }
  static String ps(int x) { return "s" + (x % 10); }
  static int mix(int a, int b, int c) { return a * 31 + b * 7 + c; }
  @Async public static Coroutine<String> run() {
    int ia = 1; long la = 2; double da = 0.5; float fa = 1f; boolean za = false; byte ba = 3; short sa = 4; char ca = 'a'; String st = ""; List<String> list = new ArrayList<>(); int[] arr = new int[8]; long[] larr = new long[4];
    ia = ia * 31 + Await.on(i(0));
    la ^= Await.on(j(1L));
    da += Await.on(d(2)) * 3;
    if (Await.on(z(3))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(4));
    arr[5 % 8] = Await.on(i(5)) + ca;
    list.add(Await.on(s(6)));
    ia = mix(ia, Await.on(i(7)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[9 % 4] += Await.on(j(9L)) + (long) da;
    ia = ia * 31 + Await.on(i(10));
    la ^= Await.on(j(11L));
    da += Await.on(d(12)) * 3;
    if (Await.on(z(13))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(14));
    arr[15 % 8] = Await.on(i(15)) + ca;
    list.add(Await.on(s(16)));
    ia = mix(ia, Await.on(i(17)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[19 % 4] += Await.on(j(19L)) + (long) da;
    ia = ia * 31 + Await.on(i(20));
    la ^= Await.on(j(21L));
    da += Await.on(d(22)) * 3;
    if (Await.on(z(23))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(24));
    arr[25 % 8] = Await.on(i(25)) + ca;
    list.add(Await.on(s(26)));
    ia = mix(ia, Await.on(i(27)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[29 % 4] += Await.on(j(29L)) + (long) da;
    ia = ia * 31 + Await.on(i(30));
    la ^= Await.on(j(31L));
    da += Await.on(d(32)) * 3;
    if (Await.on(z(33))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(34));
    arr[35 % 8] = Await.on(i(35)) + ca;
    list.add(Await.on(s(36)));
    ia = mix(ia, Await.on(i(37)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[39 % 4] += Await.on(j(39L)) + (long) da;
    ia = ia * 31 + Await.on(i(40));
    la ^= Await.on(j(41L));
    da += Await.on(d(42)) * 3;
    if (Await.on(z(43))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(44));
    arr[45 % 8] = Await.on(i(45)) + ca;
    list.add(Await.on(s(46)));
    ia = mix(ia, Await.on(i(47)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[49 % 4] += Await.on(j(49L)) + (long) da;
    ia = ia * 31 + Await.on(i(50));
    la ^= Await.on(j(51L));
    da += Await.on(d(52)) * 3;
    if (Await.on(z(53))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(54));
    arr[55 % 8] = Await.on(i(55)) + ca;
    list.add(Await.on(s(56)));
    ia = mix(ia, Await.on(i(57)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[59 % 4] += Await.on(j(59L)) + (long) da;
    ia = ia * 31 + Await.on(i(60));
    la ^= Await.on(j(61L));
    da += Await.on(d(62)) * 3;
    if (Await.on(z(63))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(64));
    arr[65 % 8] = Await.on(i(65)) + ca;
    list.add(Await.on(s(66)));
    ia = mix(ia, Await.on(i(67)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[69 % 4] += Await.on(j(69L)) + (long) da;
    ia = ia * 31 + Await.on(i(70));
    la ^= Await.on(j(71L));
    da += Await.on(d(72)) * 3;
    if (Await.on(z(73))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(74));
    arr[75 % 8] = Await.on(i(75)) + ca;
    list.add(Await.on(s(76)));
    ia = mix(ia, Await.on(i(77)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[79 % 4] += Await.on(j(79L)) + (long) da;
    ia = ia * 31 + Await.on(i(80));
    la ^= Await.on(j(81L));
    da += Await.on(d(82)) * 3;
    if (Await.on(z(83))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(84));
    arr[85 % 8] = Await.on(i(85)) + ca;
    list.add(Await.on(s(86)));
    ia = mix(ia, Await.on(i(87)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[89 % 4] += Await.on(j(89L)) + (long) da;
    ia = ia * 31 + Await.on(i(90));
    la ^= Await.on(j(91L));
    da += Await.on(d(92)) * 3;
    if (Await.on(z(93))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(94));
    arr[95 % 8] = Await.on(i(95)) + ca;
    list.add(Await.on(s(96)));
    ia = mix(ia, Await.on(i(97)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[99 % 4] += Await.on(j(99L)) + (long) da;
    ia = ia * 31 + Await.on(i(100));
    la ^= Await.on(j(101L));
    da += Await.on(d(102)) * 3;
    if (Await.on(z(103))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(104));
    arr[105 % 8] = Await.on(i(105)) + ca;
    list.add(Await.on(s(106)));
    ia = mix(ia, Await.on(i(107)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[109 % 4] += Await.on(j(109L)) + (long) da;
    ia = ia * 31 + Await.on(i(110));
    la ^= Await.on(j(111L));
    da += Await.on(d(112)) * 3;
    if (Await.on(z(113))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(114));
    arr[115 % 8] = Await.on(i(115)) + ca;
    list.add(Await.on(s(116)));
    ia = mix(ia, Await.on(i(117)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[119 % 4] += Await.on(j(119L)) + (long) da;
    ia = ia * 31 + Await.on(i(120));
    la ^= Await.on(j(121L));
    da += Await.on(d(122)) * 3;
    if (Await.on(z(123))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(124));
    arr[125 % 8] = Await.on(i(125)) + ca;
    list.add(Await.on(s(126)));
    ia = mix(ia, Await.on(i(127)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[129 % 4] += Await.on(j(129L)) + (long) da;
    ia = ia * 31 + Await.on(i(130));
    la ^= Await.on(j(131L));
    da += Await.on(d(132)) * 3;
    if (Await.on(z(133))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(134));
    arr[135 % 8] = Await.on(i(135)) + ca;
    list.add(Await.on(s(136)));
    ia = mix(ia, Await.on(i(137)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[139 % 4] += Await.on(j(139L)) + (long) da;
    ia = ia * 31 + Await.on(i(140));
    la ^= Await.on(j(141L));
    da += Await.on(d(142)) * 3;
    if (Await.on(z(143))) { za = !za; ba++; } else { sa--; }
    st = st.length() > 40 ? "" : st + Await.on(s(144));
    arr[145 % 8] = Await.on(i(145)) + ca;
    list.add(Await.on(s(146)));
    ia = mix(ia, Await.on(i(147)), (int) la);
    Await.on(Asyncio.sleep(0)); fa += 0.25f; ca++;
    larr[149 % 4] += Await.on(j(149L)) + (long) da;
    return Coroutine.of(ia + "/" + la + "/" + da + "/" + fa + "/" + za + ba + sa + ca + st + list.size() + Arrays.toString(arr) + Arrays.toString(larr));
  }
}
