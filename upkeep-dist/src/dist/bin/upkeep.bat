@echo off
rem Starts the upkeep command of this installation: bin\upkeep serve, bin\upkeep --help.
rem Java, first found: the runtime in the installation (runtime\), then %JAVA_HOME%\bin\java.exe,
rem then java.exe on the PATH; Java 17 or later. JAVA_OPTS and UPKEEP_JAVA_OPTS go to the JVM.
setlocal
set "UPKEEP_HOME=%~dp0.."
set "JAVACMD=java.exe"
if defined JAVA_HOME set "JAVACMD=%JAVA_HOME%\bin\java.exe"
if exist "%UPKEEP_HOME%\runtime\bin\java.exe" set "JAVACMD=%UPKEEP_HOME%\runtime\bin\java.exe"
"%JAVACMD%" %JAVA_OPTS% %UPKEEP_JAVA_OPTS% -cp "%UPKEEP_HOME%\lib\*" dev.upkeep.cli.Main %*
exit /b %ERRORLEVEL%
