#!/usr/bin/env python3
"""gen_common_passwords.py: writes data/common-passwords.txt, the list of common passwords that
core/pwhash refuses (ASVS 5.0 6.2.4: check against at least the top 3000).

We cannot download a breached-password corpus here, so the list is produced from what is widely
published as the most-used passwords (top-password lists seen in every breach report), Dutch words
and names that Dutch users pick ("welkom", "wachtwoord", football clubs, cities), seasons, months
and days with years, keyboard walks and digit runs, and the usual suffixes (1, 123, !, a year).
All entries are lowercase; pwhash compares case-insensitively and also strips leading/trailing
digits and symbols and repetitions, so the base words matter more than the suffixed variants.
Deterministic: same input, same file. Usage: gen_common_passwords.py OUTPUT. Stdlib only.
"""
import sys

TOP = """
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball
abc123 football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890
michael 654321 superman 1qaz2wsx 7777777 121212 000000 qazwsx 123qwe killer trustno1 jordan
jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou 2000
charlie robert thomas hockey ranger daniel starwars klaster 112233 george computer michelle
jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa
ginger princess joshua cheese amanda summer love ashley nicole chelsea biteme matthew access
yankees 987654321 dallas austin thunder taylor matrix minecraft william corvette hello martin
heather secret fucker merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony
justin test bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard
samantha bigdog guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro
peanut morgan welcome falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes
dakota arsenal eagles melissa boomer booboo spider nascar monster tigers yellow xxxxxx 123123123
gateway marina diablo bulldog qwer1234 compaq purple hardcore banana junior hannah 123654
porsche lakers iceman money cowboys 987654 london tennis 999999 ncc1701 coffee scooby 0000
miller boston q1w2e3r4 fuckoff brandon yamaha chester mother forever johnny edward 333333
oliver redsox player nikita knight fender barney midnight please brandy chicago badboy slayer
rangers charles angel flower bigdaddy rabbit wizard bigdick jasper enter rachel chris steven
winner adidas victoria natasha 1q2w3e4r jasmine winter prince panties marine ghbdtn fishing
cocacola casper james 232323 raiders 888888 marlboro gandalf asdfasdf crystal 87654321 12344321
golden 8675309 enjoy 5555 blowme blue qwert ladies donald dolphin legend cheyenne sexy bitch
toyota test123 abcdef abcd1234 pokemon password1 password123 passw0rd p@ssw0rd admin admin123
administrator root toor guest changeme default login welcome1 qwerty123 iloveyou1 princess1
123abc a1b2c3 aa123456 zaq12wsx qazwsxedc 1q2w3e 1q2w3e4r5t 1qazxsw2 azerty azertyuiop
solo master123 football1 baseball1 superman1 monkey1 dragon1 letmein1 trustno1 sunshine1
shadow1 michael1 jordan23 charlie1 flower1 lovely loveme 7777 myspace1 liverpool manchester
chelsea1 arsenal1 everton celtic rangers1 barcelona realmadrid juventus 654321a asdf1234 asdf
asdfghjkl zxcv1234 qweasd qweasdzxc 147258369 147258 159357 741852963 789456123 789456 456789
12qwaszx 1qaz 2wsx 3edc !qaz2wsx 1234abcd abcd 0987654321 11223344 121314 101010 202020 123456a
a123456 123456q 12341234 1234512345 123123a 5201314 520520 woaini 88888 66666 10203 102030
112233445566 qwertyu qwertz qwertzuiop ytrewq poiuytrewq mnbvcxz lkjhgfdsa asdfg zxcvb
trustme secret1 secret123 private hidden nothing anything something everything computer1
internet1 google facebook youtube twitter instagram linkedin yahoo hotmail gmail outlook
windows linux ubuntu apple iphone android samsung1 nokia sony dell lenovo microsoft oracle
cisco server database backup security password2 password12 password01 passwort kennwort
motdepasse contrasena senha parola haslo salasana jelszo heslo geslo lozinka sifre
hello123 hello1 helloworld welcome123 letmein123 test1 test12 testing tester temp temp123
demo demo123 user user123 guest123 sample example changeit newpass newpassword mypassword
mypass pass123 pass1234 passpass pa55word pa55w0rd passwd password! password1! qwerty1
qwerty12 qwerty1234 qwertyui zxcvbnm1 asdfghjk 1qazxsw23edc zaq1zaq1 zaq1xsw2 xsw2zaq1
baseball2 soccer1 hockey1 killer1 ninja ninja123 pirate zombie vampire dracula batman1
spiderman ironman hulk thor avengers marvel starwars1 yoda jedi darthvader skywalker
matrix1 neo trinity morpheus simpsons homer bart lisa family familie friends friend
bestfriend buddy buddy1 lucky lucky1 luckyme happy happy1 smile sunny sunflower rainbow
butterfly angel1 angels heaven devil hell god jesus christ christian church bible faith
hope peace freedom1 liberty america usa england france germany holland nederland
netherlands europa europe world earth planet universe galaxy star stars moon sun sky
ocean sea beach summer1 spring autumn fall december november october september august july
june april march february january monday tuesday wednesday thursday friday saturday sunday
""".split()

DUTCH = """
welkom wachtwoord geheim paswoord wachtwoord1 welkom1 welkom01 welkom123 geheim1 geheim123
hallo hallo123 hoi doei dag goedemorgen goedemiddag goedenavond welterusten liefde lief
schat schatje lieverd liefje engel engeltje prinses prins koning koningin kasteel huis thuis
tuin bloem bloemen roos tulp tulpen zon zonnetje maan ster sterren hemel regen sneeuw wind
storm onweer zomer lente herfst winter vakantie feest verjaardag kerst kerstmis pasen
sinterklaas zwartepiet oranje rood blauw groen geel zwart wit paars roze grijs bruin goud
zilver hond honden kat katten poes poesje paard paarden konijn vogel vis beer leeuw tijger
olifant aap muis hamster cavia koe varken schaap geit kip eend uil vos wolf draak eenhoorn
voetbal hockey tennis korfbal volleybal basketbal zwemmen fietsen schaatsen elfstedentocht
ajax feyenoord psv azalkmaar alkmaar twente fctwente utrecht fcutrecht vitesse heerenveen
groningen fcgroningen sparta excelsior willemii nac nacbreda heracles pec pecZwolle zwolle
rkc roda rodajc denhaag adodenhaag ado fortuna go-ahead goaheadeagles nec cambuur volendam
amsterdam rotterdam denhaag leiden delft haarlem eindhoven tilburg breda nijmegen arnhem
apeldoorn enschede zwolle leeuwarden maastricht venlo almere amersfoort dordrecht zaandam
hilversum gouda schiedam zoetermeer emmen assen lelystad middelburg vlissingen helmond
nederland holland friesland limburg brabant zeeland drenthe overijssel gelderland flevoland
noordholland zuidholland randstad rijnmond amstel maas rijn waal ijssel
gemeente ambtenaar politie agent brandweer ambulance ziekenhuis school leraar juf meester
student studeren werken werk kantoor baas collega computer laptop telefoon mobiel internet
fiets auto trein bus boot vliegtuig wegenwacht snelweg straat stad dorp land
appel peer banaan aardbei kers druif citroen sinaasappel kaas kaasje hagelslag pindakaas
stroopwafel drop haring bitterbal frikandel kroket patat friet pizza pasta koffie thee bier
heineken grolsch amstelbier jenever wijn water melk brood boter suiker zout peper chocola
chocolade snoep koekje taart
mama papa oma opa moeder vader zus broer zoon dochter kind kinderen baby gezin familie
vriend vriendin vrienden vriendje vriendinnetje maatje kameraad buurman buurvrouw
jezus god geloof hoop liefde vrede vrijheid eerlijk trots sterk slim mooi lekker leuk
gezellig gezelligheid knuffel kusje kusjes dikkerd lieveling mijnschat mijnlief
ikhouvanjou ikhouvanje houvanjou voorjou vooraltijd altijd nooit misschien ja nee
maandag dinsdag woensdag donderdag vrijdag zaterdag zondag weekend
januari februari maart april mei juni juli augustus september oktober november december
een twee drie vier vijf zes zeven acht negen tien honderd duizend miljoen
eentweedrie eentweedrievier abc abcd abcde abcdef
doemaarnormaal doemaargewoon gewoon normaal lekkerding lekkerbek slimmerik
""".split()

NAMES = """
jan piet klaas kees henk gerrit willem johan peter paul mark marco martin dennis jeroen
bas tim tom sander stefan thomas daan sem lucas levi finn milan noah liam luuk jesse
ruben max bram lars niels rick kevin robin wouter joost erik frank hans ronald richard
maria anna emma sophie julia tess sara lotte eva lisa noor fleur anouk iris lieke sanne
linda sandra monique petra marieke ingrid annemarie esther ellen wendy kim melissa
jessica laura femke manon naomi romy zoe mila yara nina lynn isa evi saar
mohamed ahmed ali fatima ayoub yusuf ibrahim omar sara amira noah adam
john david james mike chris steve dave paul jack harry george william oliver charlie
mary linda susan karen nancy betty helen sandra donna carol ruth sharon michelle laura
""".split()

KEYBOARD = """
qwerty qwertyu qwertyui qwertyuio qwertyuiop asdfgh asdfghj asdfghjk asdfghjkl zxcvbn
zxcvbnm azerty azertyu azertyui azertyuiop qsdfgh qsdfghjklm wxcvbn qwertz qwertzu
1qaz2wsx 1qaz2wsx3edc 1qaz2wsx3edc4rfv zaq12wsx zaq1xsw2cde3 qazwsx qazwsxedc qazwsxedcrfv
1q2w3e 1q2w3e4r 1q2w3e4r5t 1q2w3e4r5t6y q1w2e3r4 q1w2e3r4t5 q1w2e3r4t5y6 a1s2d3f4
qweasdzxc qweqwe asdasd zxczxc qwertyqwerty asdfasdf zxcvzxcv qwerasdf qwerasdfzxcv
poiuytrewq lkjhgfdsa mnbvcxz 0987654321 9876543210 1234567890 0123456789 147258369
741852963 963852741 159753 753951 123698745 14789632 7894561230 1234567890-= !@#$%^&*
!@#$%^ !qaz@wsx qwertyuiopasdfghjklzxcvbnm qwertyuiopasdfghjkl abcdefghijklmnopqrstuvwxyz
abcdefghij abcdefgh abcdefg zyxwvutsrqponmlkjihgfedcba
""".split()

DIGITS = """
1234 12345 123456 1234567 12345678 123456789 1234567890 12345678910 11111 111111 1111111
11111111 111111111 1111111111 000000 0000000 00000000 222222 333333 444444 555555 666666
777777 888888 999999 121212 123123 123321 112233 654321 7654321 87654321 987654321
123456789012 12341234 123412341234 1212 121212121212 696969 131313 101010 2580 147147
159159 789789 456456 321321 010101 000001 123654 12369874 1470 2468 24682468 13579 1357911
""".split()

SEASONS = "zomer lente herfst winter voorjaar najaar summer spring autumn fall".split()
MONTHS = ("januari februari maart april mei juni juli augustus september oktober november "
          "december january february march may june july august october").split()
YEAR_WORDS = ("welkom wachtwoord geheim password welcome gemeente ajax feyenoord psv voetbal "
              "holland nederland oranje amsterdam rotterdam utrecht").split()
SUFFIXES = ["", "1", "12", "123", "1234", "!", "1!", "01", "2", "!!"]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: gen_common_passwords.py OUTPUT\n")
        return 2
    out = set()
    bases = TOP + DUTCH + NAMES
    for w in bases + KEYBOARD + DIGITS:
        out.add(w.lower())
    for w in TOP + DUTCH:
        for s in SUFFIXES:
            out.add((w + s).lower())
    for w in NAMES:
        for s in ["1", "12", "123", "01", "!", "2000", "2010", "1990"]:
            out.add(w + s)
    for w in SEASONS + MONTHS + YEAR_WORDS:
        for y in range(1990, 2036):
            out.add("%s%d" % (w, y))
            out.add("%s%d!" % (w, y))
    for y in range(1950, 2036):
        out.add(str(y))
    out = sorted(x for x in out if x and "\n" not in x and not x.startswith("#"))
    with open(argv[1], "w", encoding="utf-8") as f:
        f.write("# Common passwords refused by core/pwhash (lowercase, one per line).\n")
        f.write("# Generated by scripts/gen_common_passwords.py; edit that script, not this file.\n")
        for x in out:
            f.write(x + "\n")
    sys.stderr.write("gen_common_passwords: %d entries\n" % len(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
