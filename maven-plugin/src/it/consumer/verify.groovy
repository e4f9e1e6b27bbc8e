// The consumer project (README's POM: the BOM imported, Weft's artifacts without versions) built, its tests (which
// check the program's output) passed, and both goals logged their summary line.
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

// Every published jar this build used, as installed: a module name for the module path and the Implementation
// entries, from the jar plugin's configuration in each module and the parent.
def jar = { String artifactId ->
    new File(localRepositoryPath, "dev/weft/${artifactId}/${weftVersion}/${artifactId}-${weftVersion}.jar")
}
def expectedModules = [
        'weft-annotations' : ['dev.weft.annotations', 'Weft annotations'],
        'weft-weaver'      : ['dev.weft.weaver', 'Weft weaver'],
        'weft-runtime'     : ['dev.weft.runtime', 'Weft runtime'],
        'weft-test'        : ['dev.weft.test', 'Weft test kit'],
        'weft-maven-plugin': ['dev.weft.maven', 'Weft Maven plugin'],
]
expectedModules.each { artifactId, expected ->
    File file = jar(artifactId)
    assert file.isFile() : "not installed: ${file}"
    new java.util.jar.JarFile(file).withCloseable { j ->
        def attributes = j.manifest.mainAttributes
        assert attributes.getValue('Automatic-Module-Name') == expected[0] : "${file.name}: ${attributes.entrySet()}"
        assert attributes.getValue('Implementation-Title') == expected[1] : "${file.name}: ${attributes.entrySet()}"
        assert attributes.getValue('Implementation-Version') == weftVersion : "${file.name}: ${attributes.entrySet()}"
        assert attributes.getValue('Implementation-Vendor') == 'The Weft developers' : "${file.name}: ${attributes.entrySet()}"
    }
}
// Eclipse m2e runs the goals on incremental builds: the plugin says so in its jar.
new java.util.jar.JarFile(jar('weft-maven-plugin')).withCloseable { j ->
    def metadata = j.getEntry('META-INF/m2e/lifecycle-mapping-metadata.xml')
    assert metadata : 'no META-INF/m2e/lifecycle-mapping-metadata.xml in the plugin jar'
    def mapping = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
            .parse(j.getInputStream(metadata))
    def goals = mapping.getElementsByTagName('goal')
    assert (0..<goals.length).collect { goals.item(it).textContent } == ['weave', 'weave-tests']
    assert mapping.getElementsByTagName('runOnIncremental').item(0).textContent == 'true'
}
return true
