// The consumer project built, its tests (which check the program's output) passed, and both goals logged
// their summary line.
def log = new File(basedir, 'build.log').text

assert log.contains('BUILD SUCCESS')
// App: fetch, check, countdown, main; Greeter: greet.
assert log.contains('[INFO] woven 5 methods in 2 classes') : 'no "woven 5 methods in 2 classes" from weave in build.log'
// AppTest: doubledCountdown; ClockTest: sleepsTenSecondsInNoTime.
assert log.contains('[INFO] woven 2 methods in 2 classes') : 'no "woven 2 methods in 2 classes" from weave-tests in build.log'
assert log =~ /Tests run: 2, Failures: 0, Errors: 0, Skipped: 0.* -- in demo.AppTest/
// The test kit's test ran (on virtual time: its 10 s sleep takes none).
assert log =~ /Tests run: 1, Failures: 0, Errors: 0, Skipped: 0.* -- in demo.ClockTest/
assert log =~ /Tests run: 3, Failures: 0, Errors: 0, Skipped: 0/

// Frame classes were written next to their classes.
def classes = new File(basedir, 'target/classes/demo')
def generated = classes.list().findAll { it.endsWith('.class') && it.contains('$') }
assert generated.any { it.startsWith('App$') } : "no generated class next to App.class: ${classes.list()}"
assert generated.any { it.startsWith('Greeter$') } : "no generated class next to Greeter.class: ${classes.list()}"
return true
