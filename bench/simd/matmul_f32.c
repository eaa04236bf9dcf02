/* FP/SIMD benchmark (bench/simd.py): single-precision matrix multiply;
 * gcc -O3 vectorises the inner loop into FMLA/FMUL/FADD .4S. */
#include <stdio.h>

#define N 192
static float a[N][N], b[N][N], c[N][N];

int main(void)
{
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (float)((i * 7 + j * 3) % 17) * 0.25f;
            b[i][j] = (float)((i * 5 + j * 11) % 13) * 0.5f;
        }
    for (int rep = 0; rep < 6; rep++)
        for (int i = 0; i < N; i++)
            for (int k = 0; k < N; k++) {
                float x = a[i][k] + (float)rep;
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
