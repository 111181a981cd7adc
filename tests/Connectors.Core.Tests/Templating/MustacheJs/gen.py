import json, random
random.seed(7)
names = ["a","b","c","d","e","f","f.g","f.h","i","i.0","i.asJSON","i.length","lt","amp","dq","bt","st","ul","link","obj","obj.x","kibana.alert.rule","kibana","k.a","list","list.0.n","s.length","missing","."]
def piece(depth=0):
    r = random.random()
    n = random.choice(names)
    if r < 0.35: return random.choice(["x"," ","\n","  ","-","*","_","<",",","\t"])
    if r < 0.6: return "{{%s}}" % n
    if r < 0.7: return "{{{%s}}}" % n
    if r < 0.75: return "{{&%s}}" % n
    if r < 0.8: return "{{! c }}"
    if depth < 3 and r < 0.93:
        t = random.choice("#^")
        sec = random.choice(["a","c","d","f","i","list","missing","e","obj","st"])
        body = "".join(piece(depth+1) for _ in range(random.randint(0,4)))
        nl1 = random.choice(["","\n"]); nl2 = random.choice(["","\n"])
        return "{{%s%s}}%s%s{{/%s}}%s" % (t, sec, nl1, body, sec, nl2)
    return random.choice(["{{a}","{{#a}}","{{/b}}","{{=<% %>=}}","{{{a}}"])
cases = []
for i in range(1500):
    t = "".join(piece() for _ in range(random.randint(1,6)))
    cases.append({"template": t, "escape": random.choice(["none","html","json","markdown","slack"])})
json.dump(cases, open("cases.json","w"))
