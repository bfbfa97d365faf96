import numpy as np, csv
rows = list(csv.DictReader(open("fixtures/membership/population.csv")))
P = np.array([[float(r["p_a"]), float(r["p_b"]), float(r["p_c"])] for r in rows])
y = np.array([float(r["selected"]) for r in rows])
g = np.array(["abc".index(r["true_group"]) for r in rows])
B = P.sum(0); mu = (P * y[:, None]).sum(0) / B
infl = P * (y[:, None] - mu[None, :]) / B[None, :]
Vw = infl.T @ infl
beta, *_ = np.linalg.lstsq(P, y, rcond=None)
e = y - P @ beta
Ginv = np.linalg.inv(P.T @ P)
Vl = Ginv @ (P.T * e**2) @ P @ Ginv
true = np.array([y[g == k].mean() for k in range(3)])
np.set_printoptions(precision=12)
print("weighted", mu); print("weighted se", np.sqrt(np.diag(Vw)))
print("weighted gap b-a", mu[1]-mu[0], "se", np.sqrt(Vw[0,0]+Vw[1,1]-2*Vw[0,1]))
print("linear", beta); print("linear se", np.sqrt(np.diag(Vl)))
print("linear gap b-a", beta[1]-beta[0], "se", np.sqrt(Vl[0,0]+Vl[1,1]-2*Vl[0,1]))
print("true", true, "true gap b-a", true[1]-true[0])
print("effective n", B**2 / (P**2).sum(0))
