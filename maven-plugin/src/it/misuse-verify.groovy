// Shared verify script of the misuse-* cases (each case's verify.groovy evaluates it; itSources is set
// by the invoker configuration). Checks that the build failed in weft:weave, and that build.log names the
// source file by its path under the project, as javac does (src/main/java/it/misuse/Foo.java:17), and the line,
// the class and the method, with the expected phrase in the message, both in the ERROR line logged per problem
// and in the build failure message.
def expected = new Properties()
new File(basedir, 'expected.properties').withInputStream { expected.load(it) }
String source = expected.getProperty('source')
String cls = expected.getProperty('class')
String method = expected.getProperty('method')
String phrase = expected.getProperty('phrase')
boolean lineMayBeUnknown = Boolean.parseBoolean(expected.getProperty('lineMayBeUnknown', 'false'))

// The expected line: the one marked WEFT-ERROR in the source.
File sourceFile = new File(basedir, 'src/main/java/' + cls.replace('.', '/') + '.java')
List<String> sourceLines = sourceFile.readLines()
int line = sourceLines.findIndexOf { it.contains('WEFT-ERROR') } + 1
assert line > 0 : "no WEFT-ERROR marker in ${sourceFile}"
List<String> lines = lineMayBeUnknown ? [String.valueOf(line), '?'] : [String.valueOf(line)]

String log = new File(basedir, 'build.log').text
assert !log.contains('COMPILATION ERROR') : 'the case does not compile'
assert log.contains('BUILD FAILURE')
assert log =~ /Failed to execute goal dev\.weft:weft-maven-plugin:[^:]+:weave \(default\)/ : 'the build did not fail in weft:weave'

// Problem lines look like  [ERROR] src/main/java/com/acme/Shop.java:42: com.acme.Shop.fetch: <message>
String path = 'src/main/java/' + cls.substring(0, cls.lastIndexOf('.')).replace('.', '/') + '/' + source
List<String> problems = log.readLines().findAll { l ->
    lines.any { n -> l.startsWith("[ERROR] ${path}:${n}: ${cls}.") }
}
assert problems : "build.log has no problem line starting with ${path}:${lines.join(' or ')}: ${cls}. ; ERROR lines:\n" +
        log.readLines().findAll { it.startsWith('[ERROR]') }.join('\n')
String hit = problems.find { l ->
    String rest = l.substring(l.indexOf(cls + '.') + cls.length() + 1)
    int colon = rest.indexOf(': ')
    colon > 0 && rest.substring(0, colon).contains(method) && rest.substring(colon + 2).contains(phrase)
}
assert hit : "no problem line names method '${method}' with '${phrase}' in its message:\n" + problems.join('\n')
// Logged at ERROR, and again in the MojoFailureException's message.
assert problems.count(hit) >= 2 : "the problem is not both logged and in the failure message:\n${hit}"
println "misuse reported as expected: ${hit}"
return true
