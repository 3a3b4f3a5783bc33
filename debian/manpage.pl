#!/usr/bin/perl
# Assembles the AsciiDoc source of lighttpdctl(8) from the pages that picocli's ManPageGenerator wrote for the
# command and each of its actions (DIR/lighttpdctl.adoc, DIR/lighttpdctl-ACTION.adoc): one page with the
# options that every action takes listed once, then each action with its synopsis, description and own options,
# then the Debian integration (files, exit status, see also), which is written here.
#
# Usage: manpage.pl DIR VERSION > lighttpdctl.8.adoc
use strict;
use warnings;

my ($dir, $version) = @ARGV;
die "usage: $0 DIR VERSION\n" unless defined $version;

sub slurp {
    my ($file) = @_;
    open(my $fh, '<', $file) or die "$file: $!\n";
    local $/;
    my $text = <$fh>;
    close $fh;
    return $text;
}

# The body of a generated section (between picocli's tag comments, without its "== Heading" line).
sub section {
    my ($text, $name) = @_;
    return '' unless $text =~ m{// tag::picocli-generated-man-section-$name\[\]\n(.*?)// end::picocli-generated-man-section-$name\[\]}s;
    my $body = $1;
    $body =~ s/^== [^\n]*\n//m;
    $body =~ s/^\s+|\s+$//g;
    return $body;
}

# Option entries of an options section: ("*-f*, *--config*=_FILE_::\n  text", ...).
sub options {
    my ($body) = @_;
    return grep { /\S/ } map { s/^\s+|\s+$//gr } split(/\n\s*\n/, $body);
}

my $main = slurp("$dir/lighttpdctl.adoc");
my @actions = $main =~ m{^xref:lighttpdctl-([a-z-]+)\.adoc}mg;
# the names an action answers to: xref:lighttpdctl-graceful.adoc[*graceful*, *reload*, *force-reload*]::
my %names = map { $_->[0] => join(', ', $_->[1] =~ /\*([a-z-]+)\*/g) } map { [ /^xref:lighttpdctl-([a-z-]+)\.adoc\[(.*)\]::/ ] } grep { /^xref:/ } split /\n/, $main;
die "no actions found in $dir/lighttpdctl.adoc\n" unless @actions;

my (%pages, %count);
for my $action (@actions) {
    my $page = slurp("$dir/lighttpdctl-$action.adoc");
    my @opts = options(section($page, 'options'));
    $pages{$action} = { page => $page, options => \@opts };
    $count{$_}++ for @opts;
}
my @common = grep { $count{$_} == @actions } @{ $pages{ $actions[0] }{options} };
my %is_common = map { $_ => 1 } @common;

my $name = section($main, 'name');
my $description = section($main, 'description');

print <<"EOF";
= lighttpdctl(8)
:doctype: manpage
:manmanual: System Administration
:mansource: lighttpdctl $version
:man-linkstyle: pass:[blue R < >]

== Name

$name

== Synopsis

*lighttpdctl* _ACTION_ [_OPTIONS_]

*lighttpdctl* *--help* | *--version*

== Description

$description

On Debian, the lighttpdctl package runs every start, stop and restart of the lighttpd service through
lighttpdctl: */etc/init.d/lighttpd* (and so *service* and *invoke-rc.d*) calls it, and a drop-in for
*lighttpd.service* makes *systemctl start*, *stop*, *reload* and *restart* call it. An upgrade of the lighttpd
package restarts the running server onto the new binary.

== Options

These options are accepted by every action, after the action:

EOF
print join("\n\n", @common), "\n\n";

print "== Actions\n\n";
for my $action (@actions) {
    my $page = $pages{$action}{page};
    my $synopsis = section($page, 'synopsis');
    my $desc = section($page, 'description');
    my @own = grep { !$is_common{$_} } @{ $pages{$action}{options} };
    my $heading = $names{$action} || $action;
    print "=== $heading\n\n$synopsis\n\n$desc\n\n";
    print join("\n\n", @own), "\n\n" if @own;
}

print <<'EOF';
== Security

lighttpdctl runs as root and starts lighttpd as root. Like *start-stop-daemon*(8), it trusts only what nobody
but root can have written or can change:

* The state directory (*--state-dir*), every directory above it, and everything in the instance's subdirectory
  must not be symbolic links, must be owned by root and must not be writable by group or others; a directory
  above it may be writable by others only when it is sticky and owned by root (*/tmp*), and a symbolic link above
  it is followed only when root owns it. The pidfile's directory follows the same rule, and the pidfile must not
  be a link, writable by others or owned by another user. Otherwise lighttpdctl refuses, before doing anything,
  with "cannot use state directory _DIR_: _reason_" (exit 6).
* Files are created through directory descriptors with O_NOFOLLOW (temporary files with O_EXCL, then renamed),
  never reopened by name.
* Generation records are data, not orders: the process a record names is signalled only once it shows the
  recorded start time, the instance's lighttpd binary, and its own wrapper configuration on its command line. A
  lighttpd that lighttpdctl did not start is adopted only when it holds the instance's listening sockets, runs on
  the instance's configuration file and runs as root or as *server.username*. Unreadable records are set aside
  with a warning; generation numbers are never reused.
* A process whose */proc/PID/exe* cannot be read (a caller that is not root, a user namespace) is unknown:
  *status* exits 4 with the reason.
* Durations must be 0 to 86400 seconds (exit 2); a configuration path containing \ * ? [ or { is refused (exit 6),
  since lighttpd's *include* would take it as a pattern.
* Without CAP_SYS_NICE, lighttpd runs at the tool's priority (a warning). Where pidfd_getfd is refused, graceful
  falls back to a sequenced restart and says why.

== Exit status

As the LSB specifies for init scripts. *status*: 0 running, 1 not running but the pidfile exists, 3 not running,
4 unknown. Other actions: 0 success (*start* when lighttpd already runs and *stop* when it is already stopped are
successes), 1 generic error, 2 invalid arguments, 3 unimplemented, 4 insufficient privilege, 5 program not
installed, 6 not configured (configuration missing or failing *lighttpd -tt*), 7 not running.

== Files

*/etc/default/lighttpdctl*::
  The configuration file (*CONFIG*) and more options (*LIGHTTPDCTL_OPTS*) for the lighttpd service, read by
  */etc/init.d/lighttpd* and by *lighttpd.service*.

*/etc/init.d/lighttpd*::
  The init script of the lighttpd service, installed by lighttpdctl. lighttpd's own script is kept as
  */etc/init.d/.lighttpd.distrib* (dpkg-divert) and comes back when lighttpdctl is removed.

*/usr/lib/systemd/system/lighttpd.service.d/lighttpdctl.conf*::
  The systemd drop-in that runs *lighttpd.service* through lighttpdctl.

*/run/lighttpd.pid*::
  The pidfile: it always names the serving generation.

*/run/lighttpdctl*::
  The lock and the records of the running generations (see *--state-dir*).

== See also

*lighttpd*(8), *systemctl*(1), *invoke-rc.d*(8), *service*(8), *dpkg-divert*(1)
EOF
