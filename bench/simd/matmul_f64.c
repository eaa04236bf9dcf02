/* FP/SIMD benchmark (bench/simd.py): double-precision matrix multiply;
 * gcc -O3 vectorises the inner loop into FMLA/FMUL/FADD .2D. */
#include <stdio.h>

#define N 192
static double a[N][N], b[N][N], c[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) * 0.25;
            b[i][j] = (double)((i * 5 + j * 11) % 13) * 0.5;
        }
    for (int rep = 0; rep < 6; rep++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                double x = a[i][k] + (double)rep;
                for (int j = 0; j < N; j++)
                    c[i][j] += x * b[k][j];
            }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            sum += c[i][j] * (double)(i + j);
    printf("%.6e\n", sum);
    return 0;
}
