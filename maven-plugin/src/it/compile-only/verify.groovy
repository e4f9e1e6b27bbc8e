// `mvn compile` ran twice. The first weaves in the compile phase, right after the compiler; the second succeeds over
// the woven classes and weaves nothing again.
def log = new File(basedir, 'build.log').text
List<String> lines = log.readLines()

assert lines.count { it.contains('BUILD SUCCESS') } == 2 : 'not two successful builds in build.log'
// No later phase ran: compile was the last goal of each build.
assert !log.contains('maven-surefire-plugin') && !log.contains('maven-jar-plugin')

// In each build the weave goal runs in the compile phase, after the compiler's own binding of that phase.
List<Integer> compiles = lines.findIndexValues { it.contains('maven-compiler-plugin:') && it.contains(':compile (default-compile) @ compile-only') }*.intValue()
List<Integer> weaves = lines.findIndexValues { it.contains('weft-maven-plugin:') && it.contains(':weave (default) @ compile-only') }*.intValue()
assert compiles.size() == 2 && weaves.size() == 2 : "expected two compiler and two weave executions:\n${log}"
assert compiles[0] < weaves[0] && weaves[0] < compiles[1] && compiles[1] < weaves[1]

// The first build wove Hello.greet; the second found it woven and wrote nothing.
List<String> summaries = lines.findAll { it.startsWith('[INFO] woven ') }
assert summaries == ['[INFO] woven 1 method in 1 class', '[INFO] woven 0 methods in 0 classes'] : summaries

// The class files are woven: the frame class of greet sits next to Hello.class.
def classes = new File(basedir, 'target/classes/hello')
assert new File(classes, 'Hello.class').isFile()
assert new File(classes, 'Hello$weft$greet$0.class').isFile() : "no frame class of Hello.greet: ${classes.list()}"
return true
